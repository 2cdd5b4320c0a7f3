from django.urls import path

from dondoc.documents import views

app_name = "documents"
urlpatterns = [
    path("moi/", views.document_new, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
]

from django.urls import path

from dondoc.attachments import views

app_name = "attachments"
urlpatterns = [
    path("<str:token>/", views.download, name="download"),
]

from django.urls import path

from dondoc.organisations import views

app_name = "units"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("sap-xep/", views.reorganise, name="reorganise"),
    path("sap-xep/<int:pk>/", views.reorganisation_detail, name="reorganisation"),
    path("<slug:code>/", views.detail, name="detail"),
]

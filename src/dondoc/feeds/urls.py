from django.urls import path

from dondoc.feeds import views

app_name = "feeds"
urlpatterns = [
    path("tao/", views.calendar_create, name="create"),
    path("thu-hoi/", views.calendar_revoke, name="revoke"),
]

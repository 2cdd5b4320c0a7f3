from django.urls import path

from dondoc.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("chuong/", views.bell, name="bell"),
    path("doc-het/", views.notifications_read_all, name="read_all"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("<int:pk>/", views.notification_open, name="open"),
]

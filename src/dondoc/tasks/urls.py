from django.urls import path

from dondoc.registers import views as register_views
from dondoc.tasks import stats_views, views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    # The list as a register file: the registers app writes it, under the list's address because
    # it takes the list's parameters (tasks/listing.py).
    path("xuat/", register_views.register_export, name="export"),
    path("hop-thu/", views.task_inbox, name="inbox"),
    path("cho-xu-ly/", views.task_queue, name="queue"),
    path("moi/", views.task_create, name="create"),
    path("thong-ke/", stats_views.stats_page, name="stats"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.task_action, name="action"),
]

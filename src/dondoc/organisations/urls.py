from django.urls import path

from dondoc.organisations import views

app_name = "units"
urlpatterns = [
    path("", views.tree, name="tree"),
    # Two parts, so that no unit's code can be taken for it.
    path("chon/goi-y/", views.pick, name="pick"),
    path("<slug:code>/", views.detail, name="detail"),
]

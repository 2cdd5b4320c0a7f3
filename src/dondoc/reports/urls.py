from django.urls import path

from dondoc.reports import dashboard_views

app_name = "reports"
urlpatterns: list = [
    # The exports, a unit's page and a leader's page are added by their modules.
    path("", dashboard_views.dashboard, name="dashboard"),
]

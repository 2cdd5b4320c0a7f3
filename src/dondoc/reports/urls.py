from django.urls import path

from dondoc.reports import export_views

app_name = "reports"
urlpatterns: list = [
    # The dashboard, the exports, a unit's page and a leader's page are added by their modules.
    path("xuat/", export_views.report_export, name="export"),
]

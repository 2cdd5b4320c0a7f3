from django.urls import path

from dondoc.reports import export_views, leader_views, unit_views

app_name = "reports"
urlpatterns: list = [
    # The dashboard, the exports, a unit's page and a leader's page are added by their modules.
    path("xuat/", export_views.report_export, name="export"),
    path("don-vi/<slug:code>/", unit_views.unit_page, name="unit"),
    path("lanh-dao/", leader_views.leader_page, name="leader"),
    path("lanh-dao/<str:username>/", leader_views.leader_page, name="leader"),
]

from django.urls import path

from dondoc.reports import dashboard_views, export_views, leader_views, unit_views

app_name = "reports"
urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("xuat/", export_views.report_export, name="export"),
    path("don-vi/<slug:code>/", unit_views.unit_page, name="unit"),
    path("don-vi/<slug:code>/don-doc/", unit_views.unit_chase, name="unit_chase"),
    path("lanh-dao/", leader_views.leader_page, name="leader"),
    path("lanh-dao/<str:username>/", leader_views.leader_page, name="leader"),
]

from django.urls import path

from piri.reports import views

urlpatterns = [
    path("", views.index, name="report"),
    path("pdf/", views.pdf, name="report-pdf"),
    path("data.csv.zip", views.data_csv, name="report-csv"),
    path("data.json", views.data_json, name="report-json"),
    path("home-program/", views.home_program_page, name="report-home-program"),
    path("home-program.pdf", views.home_program_pdf, name="report-home-program-pdf"),
]

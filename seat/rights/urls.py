from django.urls import path

from seat.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.my_data, name="my-data"),
    path("seat-data.json", views.my_data_json, name="my-data-json"),
    path("seat-data.pdf", views.my_data_pdf, name="my-data-pdf"),
    path("erase/", views.erase, name="erase"),
]

from django.urls import path

from seat.sms import views

app_name = "sms"

urlpatterns = [
    path("sms/inbound/<slug:provider>/", views.inbound, name="inbound"),
    path("me/text-messages/", views.mine, name="mine"),
]

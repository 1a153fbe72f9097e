from django.urls import path

from seat.people import views

app_name = "people"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/reset/", views.reset, name="reset"),
    path("join/<str:code>/", views.join_link, name="join-link"),
    path("me/about-you/", views.about_you, name="about-you"),
    path("me/about-you/delete/", views.about_you_delete, name="about-you-delete"),
    path("people/", views.experts, name="experts"),
    path("people/<uuid:organisation_id>/codes/", views.join_code_new, name="join-code-new"),
    path(
        "people/codes/<uuid:code_id>/withdraw/",
        views.join_code_withdraw,
        name="join-code-withdraw",
    ),
    path(
        "people/<uuid:organisation_id>/experts/<uuid:expert_id>/reset-code/",
        views.reset_code_new,
        name="reset-code-new",
    ),
]

from django.urls import path

from seat.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("<uuid:project_id>/", views.project_detail, name="project-detail"),
    path("<uuid:project_id>/edit/", views.project_edit, name="project-edit"),
    path("<uuid:project_id>/delete/", views.project_delete, name="project-delete"),
    path(
        "<uuid:project_id>/plans/new/",
        views.engagement_plan_create,
        name="plan-create",
    ),
    path("plans/<uuid:plan_id>/edit/", views.engagement_plan_edit, name="plan-edit"),
    path("plans/<uuid:plan_id>/delete/", views.engagement_plan_delete, name="plan-delete"),
    path(
        "<uuid:project_id>/consultations/new/",
        views.consultation_create,
        name="consultation-create",
    ),
    path(
        "<uuid:project_id>/consultations/check/",
        views.consultation_check_new,
        name="consultation-check-new",
    ),
    path(
        "consultations/<uuid:consultation_id>/check/",
        views.consultation_check,
        name="consultation-check",
    ),
    path(
        "consultations/<uuid:consultation_id>/",
        views.consultation_detail,
        name="consultation-detail",
    ),
    path(
        "consultations/<uuid:consultation_id>/publish/",
        views.consultation_publish,
        name="consultation-publish",
    ),
    path(
        "consultations/<uuid:consultation_id>/close/",
        views.consultation_close,
        name="consultation-close",
    ),
    path(
        "consultations/<uuid:consultation_id>/invite/",
        views.consultation_invite,
        name="consultation-invite",
    ),
    path(
        "consultations/<uuid:consultation_id>/edit/",
        views.consultation_edit,
        name="consultation-edit",
    ),
    path(
        "consultations/<uuid:consultation_id>/delete/",
        views.consultation_delete,
        name="consultation-delete",
    ),
    path(
        "consultations/<uuid:consultation_id>/cancel/",
        views.consultation_cancel,
        name="consultation-cancel",
    ),
    path(
        "consultations/<uuid:consultation_id>/translations/<slug:language>/",
        views.consultation_translation,
        name="consultation-translation",
    ),
]

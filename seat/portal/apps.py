from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The expert's own space: invitations, what happened to their input, what they are owed.

    It reads from the domain apps' selectors and writes through their services; nothing imports it.
    """

    name = "seat.portal"
    label = "portal"

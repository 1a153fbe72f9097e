from django.apps import AppConfig


class RightsConfig(AppConfig):
    """The person's rights over what Seat holds about her: a copy of all of it, who read her
    private details, erasing her account; and the retention periods, enforced on a schedule.

    It reads every app's rows about her and writes through their services where one exists;
    nothing imports it."""

    name = "seat.rights"
    label = "rights"

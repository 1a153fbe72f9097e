import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
_django = get_wsgi_application()

from seat.core.serving import LoopbackOnly, check_hosts  # noqa: E402  (needs settings loaded)

# Published keys must never serve anyone but this computer (see seat/core/serving.py).
check_hosts()
application = LoopbackOnly(_django)

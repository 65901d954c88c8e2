from django.core.wsgi import get_wsgi_application

from campaign_cms.startup import load_settings

load_settings()
application = get_wsgi_application()

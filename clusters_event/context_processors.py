from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def language_versions(request: HttpRequest) -> dict:
    """Return this page in every language, for the language switch and hreflang links."""
    current = get_language()
    versions = [
        {
            "code": code,
            "url": request.build_absolute_uri(translate_url(request.path, code)),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    default = next(v for v in versions if v["code"] == settings.LANGUAGE_CODE)
    return {"language_versions": versions, "default_language_url": default["url"]}

"""Chinese first: the UI language is zh-hans unless the user picked another in the language menu.

Django's LocaleMiddleware would follow the browser's Accept-Language, which gives an English UI to staff whose
browsers happen to be set to English; zone staff expect Chinese. Only the language cookie changes it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.allowed else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

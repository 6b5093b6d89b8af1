"""Parts of a page rendered once for what they show, then reused by every page that shows them.

A fragment's cache key is a hash of everything it shows (with the language and the template's
own text), so nothing has to be told to forget it: a change to what it shows makes a new key,
and a fragment can never outlive its content. Whether a fragment is shown at all is still
decided by each page's own query, run on every request; the cache only saves rendering it.
Unused fragments expire after FRAGMENT_CACHE_SECONDS (a person erased meanwhile is in no page,
since no query returns them, and leaves the cache's memory within that time; so does a
fragment worded by an earlier translation).
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

KEY = "fragment:{template}:{digest}"


def rendered_each(
    template_name: str,
    items: Sequence[Any],
    *,
    shown: Callable[[Any], Iterable[Any]],
    context: Callable[[Any], dict],
) -> list[SafeString]:
    """Render the template once per item, reusing what was rendered for the same content.

    `shown(item)` returns every value the fragment displays (it must miss none: two items with
    the same values get the same HTML); `context(item)` the template's context, which has no
    request (no context processors: a fragment is the same for every reader).
    """
    template = get_template(template_name)
    source_digest = template_digest(template_name)
    keys = [
        KEY.format(
            template=template_name,
            digest=hashlib.sha256(
                repr((source_digest, get_language(), *shown(item))).encode()
            ).hexdigest(),
        )
        for item in items
    ]
    found = cache.get_many(keys)
    made = {}
    fragments = []
    for key, item in zip(keys, items, strict=True):
        if key not in found:
            found[key] = made[key] = SafeString(template.render(context(item)))
        fragments.append(found[key])
    if made:
        cache.set_many(made, settings.FRAGMENT_CACHE_SECONDS)
    return fragments


def kept[T](prefix: str, shown: object, make: Callable[[], T], seconds: int | None = None) -> T:
    """What `make` returns, or what it returned before for the same `shown` (everything the
    value depends on, versions included, hashed into the key). `make` must not return None."""
    key = f"{prefix}:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    if (made := cache.get(key)) is None:
        made = make()
        cache.set(key, made, settings.FRAGMENT_CACHE_SECONDS if seconds is None else seconds)
    return made


_digests: dict[str, str] = {}


def template_digest(template_name: str) -> str:
    """A hash of the template's text: a new deployment with an edited template renders anew."""
    if template_name not in _digests:
        source = get_template(template_name).template.source
        _digests[template_name] = hashlib.sha256(source.encode()).hexdigest()[:16]
    return _digests[template_name]

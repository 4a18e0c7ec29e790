"""Browsing the case library: filters over the district profiles, as the cases API and CLI offer them."""

from service.cases.profiles import Profile, Profiles


def matches_text(profile: Profile, text: str) -> bool:
    """Case-insensitive search over names, aliases, place and anchors, in both languages."""
    r = profile.record
    fields = [*r.forms(), r.country.en, r.country.zh, r.city.en, r.city.zh, *r.anchors]
    needle = text.casefold()
    return any(needle in f.casefold() for f in fields)


def select(
    profiles: Profiles,
    *,
    model: str | None = None,
    secondary_model: str | None = None,
    country: str | None = None,
    region: str | None = None,
    text: str | None = None,
) -> list[Profile]:
    """The districts that pass every filter given, in id order."""
    out = []
    for p in profiles.items:
        r = p.record
        if model and r.primary_model != model:
            continue
        if secondary_model and secondary_model not in r.secondary_models:
            continue
        if country and country.casefold() not in (r.country.en.casefold(), r.country.zh.casefold()):
            continue
        if region and r.region != region:
            continue
        if text and not matches_text(p, text):
            continue
        out.append(p)
    return sorted(out, key=lambda p: p.id)

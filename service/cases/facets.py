"""What a planner's description shows of a place: the kinds of actor and the industries it names.

The words come from the glossary's `facets` section; a word inside a negation ("no university",
"没有龙头企业") shows the actor's absence, not its presence.
"""

from dataclasses import dataclass, field

from service.advisor.signals import negated_spans
from service.corpus.glossary import Glossary, PhraseMatcher


@dataclass
class Facets:
    actors: dict[str, list[str]] = field(default_factory=dict)  # actor kind -> the words that showed it
    industries: dict[str, list[str]] = field(default_factory=dict)
    absent: dict[str, list[str]] = field(default_factory=dict)  # actor kind -> words found negated
    demand: list[str] = field(default_factory=list)  # words showing market demand (customers, 应用场景)
    # actor group -> generic words that show one of the article's actors without naming its kind ("a
    # shipyard", "钢铁集团", "the port authority"): what the place has, not what ranks comparable cases
    present: dict[str, list[str]] = field(default_factory=dict)


class FacetReader:
    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self._owners: dict[str, list[tuple[str, str]]] = {}
        for kind, by_id in glossary.facets.items():
            for key, words in by_id.items():
                for w in words:
                    self._owners.setdefault(w.lower(), []).append((kind, key))
        self._matcher = PhraseMatcher(self._owners)

    def __call__(self, text: str) -> Facets:
        found = Facets()
        spans = negated_spans(text.lower())
        names = self._glossary.spans(text, "model")
        for word, pos in self._matcher.find(text):
            if any(a <= pos < b for a, b in names):
                continue  # "大学" in "大学主导型" names a model, not an actor of the place
            negated = any(a <= pos < b for a, b in spans)
            for kind, key in self._owners.get(word.lower(), []):
                if kind == "presence":
                    if not negated:
                        found.present.setdefault(key, []).append(word)
                elif negated and kind in ("actors", "demand"):
                    found.absent.setdefault(key, []).append(word)
                elif not negated and kind == "demand":
                    found.demand.append(word)
                elif not negated:
                    target = found.actors if kind == "actors" else found.industries
                    target.setdefault(key, []).append(word)
        return found

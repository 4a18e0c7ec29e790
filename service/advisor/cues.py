"""How a question is put: about a named place ("which model is X", "X vs Y", "从X能学到什么"), or about the
planner's own place likened to one ("a place like Hsinchu", "像坂田那样")."""

import re
from collections.abc import Callable

_LIKENESS = re.compile(
    r"(?<!would )(?<!'d )\blike\b(?! to\b)|\bsimilar to\b|\bresembl\w*|\bakin to\b|\bcomparable to\b|"
    r"\bmodell?ed on\b|\bin the mou?ld of\b|\ba (?:mini|second|smaller|little)[- ]|"
    r"像|类似|好比|如同|仿照|翻版|那样的|一样|差不多|相似|相仿|相近|的味道|影子|对标|参照",
    re.I,
)
# Kinds of place every list below shares: the sci-tech zones and ports, the technopoles and cyber cities.
_ZH_SCI_TECH = "科创区|科创城|科创园|信息港|创新港|智慧城"
_TECHNO = r"techno(?:pole|polis|park|city)|cyber ?city"
# Words for a kind of innovation place: a question about such a place is in the advisor's domain even when
# the library holds no note on it.
_PLACE_KIND = re.compile(
    rf"科技园|科学园|园区|创新区|科学城|科技城|软件园|高新区|开发区|新区|集群|创新中心|孵化|产业园|硅谷|{_ZH_SCI_TECH}|"
    r"(?<![a-z])(?:science|research|technology|tech|innovation|digital|software|it|business)\s+"
    r"(?:park|parks|district|quarter|city|hub|centre|center|campus|cluster|valley|zone|corridor|boom)(?![a-z])|"
    rf"(?<![a-z])(?:{_TECHNO}|cluster|start-?up (?:scene|hub|ecosystem)|innovation)(?![a-z])",
    re.I,
)
_OWN_PLACE = re.compile(
    r"\b(?:our|we|we're|we've|my|us)\b|我们|我市|本市|我区|本区|我县|我省|咱们|咱|区里|市里|县里|省里", re.I
)
_COMPARE = re.compile(r"\bvs\.?\b|\bversus\b|\bcompare[ds]?\b|\bcomparison\b|\bdiffer|对比|比较|相比|区别|不同", re.I)
_NAME = r"(?P<x>[A-Z][\w'’@.\-]*(?:\s+(?:[A-Z0-9][\w'’@.\-]*|of|de|la|the|and|&))*)"
_ZH_NAME = r"(?P<x>[\u4e00-\u9fffA-Za-z0-9·\-]{2,16}?)"
# Forms of a question about one named place; each captures the place's name as written.
_ABOUT = [
    re.compile(
        rf"(?i:(?:which|what) (?:model|type|kind)\b[^?]*?\b(?:is|fits|describes|for|does)\s+(?:the\s+)?){_NAME}"
    ),
    re.compile(rf"(?i:(?:learn|lessons?|take away|takeaways?) from\s+(?:the\s+)?){_NAME}"),
    re.compile(
        rf"(?i:\bis\s+(?:the\s+)?){_NAME}"
        r"(?i:\s+a (?:good|useful|relevant|fitting) (?:example|model|benchmark|precedent))"
    ),
    re.compile(rf"{_NAME}(?i:\s+(?:vs\.?|versus)\s)"),
    re.compile(rf"(?i:what (?:can|could|does|do)\s+(?:the\s+)?){_NAME}(?i:\s+teach)"),
    re.compile(rf"(?i:\b(?:how|why) (?:did|does|has|have|is|was)\s+(?:the\s+)?){_NAME}"),
    re.compile(rf"(?i:\bwhat (?:drives|drove|made|makes|powers)\s+(?:the\s+)?){_NAME}"),
    re.compile(rf"(?i:\bwhat went wrong (?:in|at|with)\s+(?:the\s+)?){_NAME}"),
    re.compile(
        rf"{_ZH_NAME}(?:那一套|那套|那边|那一带)?(?:是)?(?:怎么|如何|靠什么|凭什么|为什么)"
        r"(?:发展|起来|做起来|搞起来|弄起来|成长|形成|驱动|成功|转型)"
    ),
    re.compile(rf"{_ZH_NAME}(?:有什么|有哪些|的)(?:经验|启示|教训)"),
    re.compile(
        rf"{_ZH_NAME}(?:和|与|跟|同)[\u4e00-\u9fffA-Za-z0-9·\-]{{2,16}}?(?:比|相比|对比|比较|有什么不同|有何不同|的区别)"
    ),
    re.compile(rf"{_ZH_NAME}(?:到底)?(?:属于|是|算)(?:哪种|哪一种|哪类|哪一类|什么)"),
    re.compile(rf"{_ZH_NAME}(?:到底)?(?:算|是)[^？?。]{{1,14}}还是"),
    re.compile(rf"(?i:\bis\s+(?:the\s+)?){_NAME}(?i:\s+(?:an?|the)\s+[^?]{{1,60}}\bor\b)"),
    re.compile(rf"(?:从|向|跟){_ZH_NAME}(?:那里|身上)?(?:能|可以)?(?:学到|学习|借鉴|学)"),
    re.compile(rf"{_ZH_NAME}(?:的经验|的模式|的做法)?(?:值得|适合|能否|可否|能不能)(?:我们)?(?:借鉴|学习|参考|对标)"),
]
_LEADING_NOISE = re.compile(r"^(?:请问|你觉得|您觉得|那么|那|想问|问一下|我想知道|想知道|我们的?|一下|帮我看看|看看)+")
_NOT_A_NAME = re.compile(
    r"^(?:it|this|that|they|these|those|we|our|us|you|here|there|which|what|这|那|它|这里|那里|哪|请)", re.I
)


_LIKENED_NAME = re.compile(
    r"(?:(?<!would )(?<!'d )\blike|\bsimilar to|\bmodell?ed on|\bin the mou?ld of|\bcomparable to)"
    rf"\s+[\"“']?(?:the\s+)?{_NAME}"
)


def likened_name(text: str) -> str | None:
    """The name a planner likens their place to ("wants something like NEOM"), when they do."""
    if not _OWN_PLACE.search(text):
        return None
    m = _LIKENED_NAME.search(text)
    return m.group("x").strip(" .,;:!?\"”'") if m else None


def likens_own_place(text: str) -> bool:
    """The planner describes their own place and likens it to another ("we are a bit like Kista")."""
    return bool(_LIKENESS.search(text) and _OWN_PLACE.search(text))


_LESSONS = re.compile(
    r"\b(?:learn\w*|lessons?|teach\w*|takeaways?|example|template|benchmark|cop(?:y|ied)|replicat\w*|emulate|"
    r"avoid|model for us|role model|blueprint|case study)\b|"
    r"借鉴|学|经验|启示|教训|对标|值得|参考|模板|样板|榜样|标杆|复制|照搬|案例",
    re.I,
)
_SHORT = {"zh": 50, "en": 30}  # characters for zh, words for en


def asks_for_lessons(text: str, lang: str) -> bool:
    """A short question that asks what a place teaches ("what can we learn from...", "值得我们借鉴吗")."""
    size = len(text) if lang == "zh" else len(text.split())
    return size <= _SHORT[lang] and bool(_LESSONS.search(text))


_LONG = {"zh": 90, "en": 45}  # characters for zh, words for en


def is_long(text: str, lang: str) -> bool:
    """A description rather than a question: a paragraph about a place."""
    return (len(text) if lang == "zh" else len(text.split())) > _LONG[lang]


# Asking which of the five models a place is: a question of the domain however little it says of the place.
_ASKS_MODEL = re.compile(
    r"\b(?:five|5) models\b|\b(?:which|what) (?:of (?:the|these) )?models?\b|\bclassif(?:y|ied|ication)\b|"
    r"\b(?:which|what) (?:kind|type|sort) of (?:innovation |tech |science )?"
    r"(?:district|place|area|hub|park|zone|cluster|quarter|model)\b|\bmodel (?:are|is|would|should|fits?)\b|"
    r"\b(?:which|what) (?:type|kind) (?:are|is) (?:we|it|this|that)\b|\bmodel\s*\?|模式[呢吗]?[？?]|"
    r"五种模式|五類模式|五类模式|(?:哪种|哪一种|什么|哪个|哪类|哪一类|哪一型|哪型|何种|什麼|哪種|哪類)(?:模式|类型|類型|类别|型)|"
    r"(?:属于|屬於|算|归为|归入|歸為)哪|归类|歸類|(?:请|怎么|如何|帮忙|帮我)分类",
    re.I,
)


def asks_for_a_model(text: str) -> bool:
    """The message asks which model or kind of district a place is ("What model are we?", "属于哪种模式？");
    "垃圾分类" and "which bus model" style questions are not such asks only by accident of wording."""
    return bool(_ASKS_MODEL.search(text))


def about_own_place(text: str) -> bool:
    """The planner speaks of their own place ("our city", "我们区")."""
    return bool(_OWN_PLACE.search(text))


def looks_like_a_place_name(name: str, proper: Callable[[str], bool]) -> bool:
    """A captured name that reads as a place: capitalised words, or Chinese holding a proper noun or a
    Latin name ("曼彻斯特科学园", "喀山IT园"); not a fragment of a sentence ("区里想知道这", "我们想搞个创新区")."""
    if _OWN_PLACE.search(name):
        return False
    if re.match(r"[A-Z]", name):
        return True
    return proper(name)


_SPECIFIC_PLACE = re.compile(
    # the kind before the name: "IT Park Uzbekistan", "Science Park Graz"
    r"(?<![A-Za-z])(?:IT|Tech|Technology|Science|Research|Innovation|Software|Digital)\s+(?:Park|City|Valley|Hub|District|Campus)\s+"
    r"(?!(?:What|Which|How|Why|Who|When|Where|Is|Are|Was|Our|We|The|This|That|It|In|And|Or|But)\b)[A-Z][\w'’.-]*|"
    r"(?<![A-Za-z])(?!(?:Our|My|The|This|That|Their|A|An)\s)(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*\s+"
    r"(?:Digital\s+|Science\s+|Technology\s+|Tech\s+|Innovation\s+|Software\s+|Research\s+|Business\s+|IT\s+)?"
    r"(?:Park|City|Valley|District|Hub|Zone|Quarter|Campus|Centre|Center|Technopole|Technopolis|Cluster)(?![A-Za-z])|"
    r"[^\s的在是和与及、，。：:？?！!“”,.;]{2,10}?(?:科技园|科学城|科技城|软件园|产业园|高新区|开发区|科学园|创新区|新区|"
    rf"创新中心|IT园|数字园|{_ZH_SCI_TECH})"
)


_SOME = re.compile(r"请问|一个|一座|某|这个|那个|该|本|新建|想")
_WANTS = re.compile(r"想|搞|打算|准备|计划|希望|打造")


def _not_a_name(phrase: str) -> bool:
    """Our place ("我们的新区"), some place ("一个新区"), or a clause saying what someone wants ("管委会想搞创新区"):
    words before a kind of place that do not name one."""
    return bool(_OWN_PLACE.search(phrase) or _SOME.match(phrase) or _WANTS.search(phrase))


# A rank and a kind, a designation a place is given, not a place ("省级高新区", "National High-Tech Zone").
_DESIGNATION = re.compile(
    r"(?:国家级|省级|市级|区级|县级|国家|省|市)(?:高新技术产业开发区|高新区|经开区|开发区|产业园|科技园|新区|"
    r"创新区|科学城|软件园|创新中心)|(?:National|Provincial|Municipal|State|Regional)\s+(?:High[- ]Tech|Hi[- ]Tech|"
    r"Economic|Development|Innovation|Science|Technology)(?:\s+\w+)?\s+(?:Zone|Park|District|Area)"
)
_KIND_NOUNS = {"Park", "City", "Valley", "District", "Hub", "Zone", "Quarter", "Campus", "Centre", "Center", "Cluster"}
_KIND_WORDS = {"Science", "Technology", "Tech", "Innovation", "Digital", "Software", "Research", "Business", "IT"}


def specific_place(text: str, proper: Callable[[str], bool]) -> str | None:
    """A named place of the domain the text speaks of ("Nongsa Digital Park", "卢布尔雅那科技园"), if any."""
    for m in _SPECIFIC_PLACE.finditer(text):
        name = m.group(0).strip()
        words = name.split()
        kind_only = words[0] in _KIND_WORDS and words[-1] in _KIND_NOUNS
        if kind_only or _not_a_name(name) or _DESIGNATION.fullmatch(name):
            continue  # "Science Park", "我们的新区", "一个新区" name a kind of place, not a place
        if re.match(r"[A-Z]", name) or proper(name):
            return name
    return None


# A kind of innovation place named with a place ("Cluj's tech scene", "坎帕拉的创业圈", "某某新城"): a stricter
# list than _PLACE_KIND, which also admits "innovation" or "cluster" on their own.
_NAMED_KIND = re.compile(
    r"科技园|科学园|园区|创新区|科学城|科技城|软件园|高新区|开发区|新区|新城|综改区|自贸区|产业园|创业圈|创投圈|科创圈|"
    rf"{_ZH_SCI_TECH}|"
    r"(?<![a-z])(?:science|research|technology|tech|hi-tech|high-tech|innovation|digital|software|it|business|"
    r"start-?up|medtech|biotech|fintech)\s+(?:park|parks|district|quarter|city|hub|centre|center|campus|cluster|"
    r"valley|zone|corridor|scene|ecosystem|sector)(?![a-z])|"
    rf"(?<![a-z])(?:{_TECHNO})s?(?![a-z])",
    re.I,
)


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that only put a question about a place ("tell me about X", "X怎么样", "X那边是怎么搞起来的"), and the
# domain's own words ("Yerevan: what's happening there in tech?"): a message that names a place and holds
# nothing else asks about that place.
_ASK_EN = _vocabulary(
    "tell me us about what what's whats how how's is was are were it its it's did does do done start started "
    "begin began get got going happening happened there here in on of the a an you your which model models "
    "fit fits fitting any kind type sort lessons lesson learn can could would should we from thoughts think "
    "and or say opinion view take story doing put under call classify describe count as like so far now "
    "today really actually anything know please quick question q some info information overview "
    "tech technology innovation startup startups start-up start-ups scene ecosystem cluster district park hub "
    "industry sector economy science research university universities companies firms"
)
_ASK_ZH = _vocabulary(
    "怎么样 怎样 怎么 如何 看 看法 你 您 聊聊 聊 说说 讲讲 谈谈 介绍 介绍一下 一下 那边 这边 那里 这里 是 的 了 搞 "
    "起来 发展 什么 启发 经验 值得 学 学习 借鉴 我们 吗 呢 啊 吧 能 给 模式 属于 哪 哪种 哪类 哪一类 类 种 归类 案例 "
    "了解 情况 有 知道 评价 觉得 想 问问 请问 到底 算 现在 目前 怎么回事 回事 一个 个 这个 那个 一类 一种 "
    "创新 科技 创业 产业 园区 高校 大学 企业 生态 圈 科创 新城 新区"
)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_FUNCTION_EN = _vocabulary(
    "if when where who why whom whose then that this these those our my to for at by with will be been has have had not"
)
_GLOSS = re.compile(r"[（(][^）)]{1,30}[）)]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ZH_ASKING = re.compile(r"^(?:聊聊|说说|讲讲|谈谈|介绍一下|介绍|请问|看看|问问)+")


def bare_place_question(text: str, tagged: Callable[[str], list[tuple[str, bool]]]) -> str | None:
    """The place a message names when it asks nothing else about it ("坦佩雷怎么样？", "Tell me about
    Tampere"); None when the message says anything more (the weather, a parking ticket)."""
    text = _GLOSS.sub("", text)  # "Ciudad del Saber（知识之城）": a translation in brackets adds nothing
    if _CJK.search(text):
        words = [(w, proper) for w, proper in tagged(text) if re.search(r"[\w\u4e00-\u9fff]", w)]
        names = [w for w, proper in words if proper]
        rest = [w for w, proper in words if not proper and w not in _ASK_ZH]
    else:
        words = [(w, w[0].isupper() and w.lower() not in _ASK_EN | _FUNCTION_EN) for w in _WORD.findall(text)]
        names = [w for w, name in words if name]
        rest = [w for w, name in words if not name and w.lower() not in _ASK_EN]
    return " ".join(names) if names and not rest else None


_DOMAIN_ASK = re.compile(
    r"\b(?:model|type|kind|lessons?|learn|example|case|hub|park|valley|district|cluster|scene|ecosystem|zone|"
    r"campus|corridor|quarter|led|driven)s?\b",
    re.I,
)
_KIND_EN = _vocabulary("tech hub park valley district city quarter campus zone cluster corridor")
_UNMARKED_MAX = 12  # words: a longer lower-case message says more than a name and an ask


def unmarked_place_question(text: str) -> str | None:
    """The place a short message written all in lower case asks about ("ciudad del saber panama what model",
    "astana hub"): capitals cannot mark the name, so it is the first run of words that are neither asking
    nor the domain's own, with the kind words beside it; None unless the message asks about a model,
    lessons or a kind of place."""
    if re.search(r"[A-Z\u4e00-\u9fff]", text) or not _DOMAIN_ASK.search(text):
        return None
    words = _WORD.findall(_GLOSS.sub("", text))
    if len(words) > _UNMARKED_MAX:
        return None
    known = _ASK_EN | _FUNCTION_EN
    unknown = [i for i, w in enumerate(words) if w.lower() not in known]
    if not unknown:
        return None
    start = end = unknown[0]
    while end + 1 < len(words) and words[end + 1].lower() not in known:
        end += 1
    while start > 0 and words[start - 1].lower() in _KIND_EN:
        start -= 1
    while end + 1 < len(words) and words[end + 1].lower() in _KIND_EN:
        end += 1
    return " ".join(words[start : end + 1])


def named_kind_of_place(text: str, tagged: Callable[[str], list[tuple[str, bool]]]) -> str | None:
    """A named place of the innovation kinds ("Cluj-Napoca's tech scene", "大连软件园", "krakow technology
    park"), as written; None when the text names no such kind or no name goes with it ("the Science Park")."""
    kind = _NAMED_KIND.search(text)
    if not kind:
        return None
    found = specific_place(text, lambda t: any(proper for _w, proper in tagged(t)))
    if found:
        return found
    head, names = text[: kind.start()], []
    if _CJK.search(text):
        m = _SPECIFIC_PLACE.search(text)
        name = _ZH_ASKING.sub("", m.group(0)) if m else ""
        if len(name) > 3 and not _not_a_name(name):
            return name  # jieba does not always tag the city ("大连软件园")
        clause = re.split(r"[，,。；;！!？?：:]", head)[-1]  # names in the kind's own clause ("坎帕拉的创业圈")
        names = [w for w, proper in tagged(clause) if proper]
    elif not _OWN_PLACE.search(text):  # "the area near the rail yards as an innovation district" is ours
        for w in reversed(_WORD.findall(head)[-3:]):  # the words right before the kind, none between
            if w.lower() in _ASK_EN | _FUNCTION_EN:
                break
            names.insert(0, w)
    return " ".join([*names, kind.group(0)]) if names else None


def names_a_kind_of_place(text: str) -> bool:
    """The text speaks of a science park, innovation district, cluster or the like."""
    return bool(_PLACE_KIND.search(text))


def compares(text: str) -> bool:
    return bool(_COMPARE.search(text))


def place_asked_about(text: str) -> str | None:
    """The name of the place a question asks about, as written, when it has the form of a question about
    a named place; else None."""
    for rx in _ABOUT:
        m = rx.search(text)
        if not m:
            continue
        name = _LEADING_NOISE.sub("", m.group("x")).strip(" ,，。?？'\"“”")
        if len(name) >= 2 and not _NOT_A_NAME.match(name) and not _OWN_PLACE.search(name):
            return name
    return None

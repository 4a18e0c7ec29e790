"""The article's five models and three trends: the ids used everywhere, with their bilingual names."""

from typing import Literal

ModelId = Literal["university_led", "science_facility", "anchor_company", "government_cultivated", "market_driven"]
TrendId = Literal["multi_model_fusion", "hyper_city", "pan_regional_network"]
Lang = Literal["en", "zh"]

MODEL_IDS: tuple[str, ...] = (
    "university_led",
    "science_facility",
    "anchor_company",
    "government_cultivated",
    "market_driven",
)
TREND_IDS: tuple[str, ...] = ("multi_model_fusion", "hyper_city", "pan_regional_network")

MODEL_NAMES: dict[str, dict[str, str]] = {
    "university_led": {"en": "University-led", "zh": "大学主导型"},
    "science_facility": {"en": "Science-facility (scientific translation)", "zh": "科学装置型(科学转化型)"},
    "anchor_company": {"en": "Anchor-company / platform", "zh": "龙头平台型"},
    "government_cultivated": {"en": "Government-cultivated", "zh": "政府培育型"},
    "market_driven": {"en": "Market-driven", "zh": "市场导向型"},
}
TREND_NAMES: dict[str, dict[str, str]] = {
    "multi_model_fusion": {"en": "Multi-model fusion (triple helix)", "zh": "多模式融合(三螺旋)"},
    "hyper_city": {"en": "Hyper-city hybrid districts", "zh": "超城市创新区"},
    "pan_regional_network": {"en": "Pan-regional innovation networks", "zh": "泛区域创新网"},
}

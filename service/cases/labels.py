"""Bilingual names of the record vocabularies (actor kinds, industries, outcomes), for answers and tables."""

ACTOR_NAMES: dict[str, dict[str, str]] = {
    "research_university": {"en": "a research university", "zh": "研究型大学"},
    "national_lab": {"en": "national laboratories", "zh": "国家级科研院所"},
    "large_facility": {"en": "large science facilities", "zh": "大科学装置"},
    "anchor_company": {"en": "an anchor company", "zh": "龙头企业"},
    "national_government": {"en": "the national government", "zh": "中央政府"},
    "local_government": {"en": "local government", "zh": "地方政府"},
    "state_developer": {"en": "a state developer", "zh": "国有开发平台"},
    "private_developer": {"en": "a private developer", "zh": "私营开发商"},
    "venture_capital": {"en": "venture capital", "zh": "风险投资"},
    "startups": {"en": "start-ups", "zh": "初创企业"},
    "incubator": {"en": "incubators", "zh": "孵化器"},
    "hospital": {"en": "hospitals", "zh": "医院"},
    "foreign_investment": {"en": "foreign investment", "zh": "外资"},
    "creative_scene": {"en": "a creative scene", "zh": "创意群体"},
}
INDUSTRY_NAMES: dict[str, dict[str, str]] = {
    "software_internet": {"en": "software and internet", "zh": "软件与互联网"},
    "telecom": {"en": "telecoms", "zh": "通信"},
    "semiconductors": {"en": "semiconductors", "zh": "半导体"},
    "electronics_hardware": {"en": "electronics", "zh": "电子硬件"},
    "ai_data": {"en": "AI and data", "zh": "人工智能与数据"},
    "biotech_pharma": {"en": "biotech and pharma", "zh": "生物医药"},
    "medtech_health": {"en": "medtech and health", "zh": "医疗健康"},
    "aerospace_space": {"en": "aerospace", "zh": "航空航天"},
    "automotive_mobility": {"en": "automotive", "zh": "汽车与出行"},
    "energy_cleantech": {"en": "energy", "zh": "能源"},
    "advanced_manufacturing": {"en": "advanced manufacturing", "zh": "先进制造"},
    "materials_chemicals": {"en": "materials", "zh": "新材料与化工"},
    "finance_fintech": {"en": "finance", "zh": "金融"},
    "creative_media": {"en": "creative industries", "zh": "文化创意"},
    "ecommerce_retail": {"en": "e-commerce", "zh": "电商零售"},
    "agrifood": {"en": "agri-food", "zh": "农业食品"},
    "marine": {"en": "marine industries", "zh": "海洋产业"},
    "physics_big_science": {"en": "big science", "zh": "大科学研究"},
    "defence": {"en": "defence", "zh": "国防"},
    "logistics_trade": {"en": "logistics and trade", "zh": "物流贸易"},
}
OUTCOME_NAMES: dict[str, dict[str, str]] = {
    "success": {"en": "a success", "zh": "成功案例"},
    "mixed": {"en": "mixed results", "zh": "成败参半"},
    "cautionary": {"en": "a cautionary case", "zh": "警示案例"},
    "too_early": {"en": "too early to judge", "zh": "尚难定论"},
}

# The article's five actors a district needs (service/advisor/handlers/actors.py groups the kinds above).
ACTOR_GROUP_NAMES: dict[str, dict[str, str]] = {
    "research_base": {"en": "a research base", "zh": "科研基础"},
    "industry": {"en": "industry", "zh": "产业"},
    "government": {"en": "government", "zh": "政府"},
    "capital": {"en": "capital", "zh": "资本"},
    "market_demand": {"en": "market demand", "zh": "市场需求"},
}

# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chapter 1b, products and customers: what the company sells and to whom
(some customers are signed agents, R-T3)."""

from odoo import Command

from .common import chinese_name

# name, Chinese name, list price, cost, kind
PRODUCTS = [
    ("Leather Sofa 3-seat", "真皮三人沙发", 8800.0, 5200.0, "retail"),
    ("Solid Wood Bed", "实木床", 6500.0, 3900.0, "retail"),
    ("Wardrobe, Custom", "定制衣柜", 12000.0, 7800.0, "decoration"),
    ("Oak Flooring (m2)", "橡木地板（平方米）", 280.0, 170.0, "decoration"),
    ("Ceramic Tiles (m2)", "瓷砖（平方米）", 120.0, 70.0, "channel"),
    ("Kitchen Cabinet Set", "整体橱柜", 18000.0, 11500.0, "channel"),
    ("Engineering Fit-out (lot)", "工程装修（批）", 100000.0, 62000.0, "project"),
]
REGIONS = ["江南", "华东", "苏浙", "长三角", "新城"]
CITIES = [
    "上海 Shanghai",
    "苏州 Suzhou",
    "杭州 Hangzhou",
    "南京 Nanjing",
    "无锡 Wuxi",
]
CUSTOMERS = [
    "锦华装饰 Jinhua Decoration",
    "绿城物业 Greentown Property",
    "家和超市 Jiahe Market",
    "恒通建材 Hengtong Materials",
    "美居家装 Meiju Home",
    "宏达工程 Hongda Engineering",
    "新天地商贸 Xintiandi Trading",
    "百安居代理 B&Q Agent",
    "金桥公寓 Jinqiao Apartments",
    "东方酒店 Oriental Hotel",
    "长江地产 Changjiang Realty",
    "万家乐经销 Wanjiale Dealer",
    "华润门店 CR Store",
    "丰泽家具 Fengze Furniture",
    "安居社区 Anju Community",
    "星河湾业主 Xinghewan Owners",
    "联邦建设 Federal Construction",
    "福临门经销 Fulinmen Dealer",
    "雅居乐 Agile Living",
    "永辉渠道 Yonghui Channel",
    "碧桂园项目 Country Garden Project",
    "天虹商场 Rainbow Mall",
    "龙湖天街 Longfor Paradise",
    "明珠代理 Pearl Agent",
]


def products(env, company):
    """The products with a 13 % sales tax, by kind of sale."""
    tax = env["account.tax"].create(
        {
            "name": "VAT 13%",
            "amount": 13.0,
            "type_tax_use": "sale",
            "company_id": company.id,
        }
    )
    chinese_name(tax, "增值税 13%")
    by_kind = {}
    for name, chinese, price, cost, kind in PRODUCTS:
        product = env["product.product"].create(
            {
                "name": name,
                "list_price": price,
                "standard_price": cost,
                "type": "consu",
                "taxes_id": [Command.set(tax.ids)],
            }
        )
        chinese_name(product.product_tmpl_id, chinese)
        by_kind.setdefault(kind, []).append(product)
    return by_kind


def customers(env, rng):
    """The company's customers; dealers and agents are signed agents."""
    agent_tag = env.ref("sales_performance.partner_category_signed_agent")
    partners = []
    for index, name in enumerate(CUSTOMERS):
        is_agent = any(word in name for word in ("Agent", "Dealer", "经销", "代理"))
        partners.append(
            env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "city": rng.choice(CITIES),
                    "category_id": [Command.set(agent_tag.ids)] if is_agent else [],
                    "ref": f"HX{index + 1:03d}",
                }
            )
        )
    return partners


def new_customer(env, rng, index):
    """A customer a channel salesperson opens (R-T3), a dealer (signed
    agent) four times out of ten."""
    is_agent = rng.random() < 0.4
    kind = "经销商 Dealer" if is_agent else "门店 Store"
    agent_tag = env.ref("sales_performance.partner_category_signed_agent")
    return env["res.partner"].create(
        {
            "name": f"{rng.choice(REGIONS)}{kind} #{index + 1}",
            "is_company": True,
            "category_id": [Command.set(agent_tag.ids)] if is_agent else [],
            "ref": f"HX{index + 1:03d}",
        }
    )

{
    "name": "Organization Information Work",
    "summary": "Information officers, units, items, adoptions, quotas, scoring and notices "
               "for the information work of party organization departments (组工信息)",
    "version": "18.0.1.0.0",
    "category": "Productivity/Organization Information",
    "author": "Zugong Info Team",
    "website": "https://github.com/zugong-info/zugong-info",
    "license": "LGPL-3",
    "depends": ["hr", "mail", "portal", "web_hierarchy"],
    "data": [
        "security/zugong_info_security.xml",
        "security/ir.model.access.csv",
        "data/zugong_unit_category_data.xml",
        "views/zugong_unit_category_views.xml",
        "views/zugong_unit_views.xml",
        "views/zugong_unit_member_views.xml",
        "views/zugong_officer_views.xml",
        "wizard/zugong_officer_handover_views.xml",
        "views/zugong_info_menus.xml",
    ],
    "demo": [
        "data/zugong_info_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "application": True,
    "installable": True,
}

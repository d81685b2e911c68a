{
    "name": "Organization Information Training",
    "summary": "Training sessions, sign-in, hours and reports for information officers",
    "version": "18.0.1.0.0",
    "category": "Productivity/Organization Information",
    "author": "Zugong Info Team",
    "website": "https://github.com/zugong-info/zugong-info",
    "license": "LGPL-3",
    "depends": ["zugong_info"],
    "data": [
        "security/zugong_training_security.xml",
        "security/ir.model.access.csv",
        "data/zugong_training_kind_data.xml",
        "views/zugong_training_kind_views.xml",
        "views/res_config_settings_views.xml",
        "views/zugong_training_menus.xml",
    ],
    "installable": True,
}

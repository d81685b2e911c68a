"""The deployment's settings, the same for every company, stored as system parameters
zugong_info.<key>: the stats service's address, token, timeout and role. The settings of
the information work itself are each company's (fields of res.company)."""


def get_setting(env, key, default, cast=int):
    """The system-wide setting ``key`` cast with ``cast``; ``default`` when unset or
    malformed."""
    value = env["ir.config_parameter"].sudo().get_param(f"zugong_info.{key}", default)
    try:
        return cast(value)
    except (TypeError, ValueError):
        return cast(default)


def document_lang(env):
    """The language of the documents the department circulates and keeps (payment lists,
    score explanations): Chinese wherever it is installed."""
    return "zh_CN" if env["res.lang"]._lang_get("zh_CN") else env.lang or "en_US"

"""zugong-stats: the ranked notices (通报) of 组工信息 work, from the reporting contract."""
__version__ = "1.0.0"

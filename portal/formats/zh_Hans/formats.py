# Django's own zh_Hans input formats use "%Y年%n月%j日", which Python's strptime
# cannot parse; these are the ways Chinese clerks actually type a date.
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-10-17
    "%Y/%m/%d",  # 2026/10/17
    "%Y.%m.%d",  # 2026.10.17
    "%Y年%m月%d日",  # 2026年10月17日 (strptime accepts 1- and 2-digit months and days)
    "%Y%m%d",  # 20261017
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H时%M分"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日 %H时%M分",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

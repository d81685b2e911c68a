"""Sums of money and points kept exact: amounts come from numeric columns as floats, and a
float sum drifts (0.1 + 0.2 is not 0.3). They are summed as decimals, to the cent; they are
split to the cent so that the shares add up; and sums of money are written out in capital
Chinese numerals (大写金额) as a paying office writes them."""
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# Capital amounts are written for sums below a trillion yuan (9999亿): far above any
# payment list, whose entries stay below a million yuan each.
CAPITAL_LIMIT = 10**12
CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CAPITAL_PLACES = ("仟", "佰", "拾", "")
CAPITAL_GROUPS = ("", "万", "亿")


def exact_sum(amounts):
    """The sum of ``amounts`` (floats or numbers holding cents at most), as a float that
    prints to the cent."""
    return float(sum((Decimal(str(amount)) for amount in amounts), Decimal(0)))


def to_cents(amount):
    """``amount`` (a float, a decimal or a string of digits) in whole cents, rounded half
    away from zero."""
    return int((Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def to_cent(amount):
    """``amount`` rounded to the cent, half away from zero, as a float."""
    return to_cents(amount) / 100


def plain_figure(value):
    """A figure as a text writes it: whole numbers without decimals (30), others to the
    cent (2.5, 1.25)."""
    return int(value) if float(value).is_integer() else round(value, 2)


def split_evenly(amount, parts):
    """``amount`` split into ``parts`` equal shares to the cent that add up to it exactly
    (100 in three: 33.34, 33.33, 33.33; see split_by_weights)."""
    if parts < 1:
        raise ValueError("an amount is split into one share or more")
    return split_by_weights(amount, [1] * parts)


def split_by_weights(amount, weights):
    """``amount`` split to the cent in proportion to ``weights`` (numbers, none negative,
    not all zero), the shares adding up to it exactly, by the largest remainder: every
    share is its exact part rounded towards zero to the cent, and the cents left over go
    one each to the shares with the largest remainders, the first among equal ones (10 in
    three: 3.34, 3.33, 3.33; 10 as 3:2 is 6 and 4)."""
    weights = [Decimal(str(weight)) for weight in weights]
    total = sum(weights, Decimal(0))
    if not weights or total <= 0 or any(weight < 0 for weight in weights):
        raise ValueError("an amount is split by weights that are not negative and not all zero")
    cents = to_cents(amount)
    sign = -1 if cents < 0 else 1
    exact = [abs(cents) * weight / total for weight in weights]
    shares = [int(part) for part in exact]
    left = abs(cents) - sum(shares)
    by_remainder = sorted(range(len(exact)), key=lambda index: (shares[index] - exact[index], index))
    for index in by_remainder[:left]:
        shares[index] += 1
    return [sign * share / 100 for share in shares]


def _capital_group(number):
    """A number from 1 to 9999 in capital numerals: a zero inside is read once (壹仟零壹拾),
    zeros at the end are not read, and a ten is 壹拾."""
    words = ""
    zero = False
    for place, digit in zip(CAPITAL_PLACES, f"{number:04d}"):
        if digit == "0":
            zero = bool(words)
            continue
        if zero:
            words += "零"
            zero = False
        words += CAPITAL_DIGITS[int(digit)] + place
    return words


def _capital_integer(number):
    """A whole number of yuan below CAPITAL_LIMIT in capital numerals, "" for zero: groups
    of four digits with 万 and 亿, a zero read once wherever digits are skipped."""
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    words = ""
    skipped = False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if not group:
            skipped = bool(words)
            continue
        if words and (skipped or group < 1000):
            words += "零"
        words += _capital_group(group) + CAPITAL_GROUPS[index]
        skipped = False
    return words


def capital_amount(amount):
    """``amount`` in yuan written in capital Chinese numerals, as on a payment list or a
    cheque: 1234.56 is 壹仟贰佰叁拾肆元伍角陆分, 10 is 壹拾元整, 1004.05 is 壹仟零肆元零伍分,
    0.5 is 伍角整, 0 is 零元整; a negative amount (a payment taken back) starts with 负.
    Exact to the cent for every amount below a trillion yuan; ValueError beyond."""
    cents = to_cents(amount)
    if abs(cents) >= CAPITAL_LIMIT * 100:
        raise ValueError(f"{amount} is beyond the amounts written in capital numerals")
    yuan, rest = divmod(abs(cents), 100)
    jiao, fen = divmod(rest, 10)
    words = _capital_integer(yuan)
    if words:
        words += "元"
    if not rest:
        words = (words or "零元") + "整"
    else:
        if jiao:
            words += CAPITAL_DIGITS[jiao] + "角"
        elif words:
            words += "零"  # 元零伍分: no jiao between the yuan and the fen
        words += CAPITAL_DIGITS[fen] + "分" if fen else "整"
    return ("负" if cents < 0 else "") + words

"""The fixed word list the accuracy pages are written from (no downloads), and the line text generator."""

WORDS = """
able about account across action active address after again agent amount annual answer apply april area around
arrive august author average balance bank basic batch become before begin below better between billing board
book branch budget build business buyer cable call capital card carry case cash center change charge check
city claim class clear client close code column company copy corner cost count country course credit current
customer daily data date deliver demand detail device direct discount dollar double draft drive early east
effect email energy engine entry equal error estimate event exact export factory field figure final finance
first floor follow forward frame freight friday fund garden general given global gross group guide handle
harbor health height history holder hotel house image import income index input inside invoice issue item
january journal july june junction keep kernel label large layer learn ledger level light limit line list
local lower machine main manual margin market master match measure medium member method middle minute model
monday month motor museum national native needle network night north notice number object office online
open order origin output owner package page paper parcel partner payment period person phone place plant
policy portal post pound power price print process product profit project public quality quarter query
random range rate reader ready receipt record region remote report request result return review river
route sales sample saturday schedule school season second sector select send serial server service session
shipping short signal silver simple single source south speed spring square staff stage standard start
station status stock store street summary sunday supply system table target task total tower trade train
transfer travel tuesday unit update upper valid value vendor version volume wallet water wednesday weight
west window winter world yellow yield zone
""".split()


def token(rng):
    """One word (lower, Capitalized or UPPER case) or one number (integer, decimal, code or date)."""
    roll = rng.random()
    if roll < 0.62:
        word = rng.choice(WORDS)
        case = rng.random()
        return word.capitalize() if case < 0.3 else word.upper() if case < 0.4 else word
    kind = rng.randrange(4)
    if kind == 0:
        return str(rng.randrange(1, 100000))
    if kind == 1:
        return f"{rng.randrange(0, 10000)}.{rng.randrange(0, 100):02d}"
    if kind == 2:
        return f"{rng.choice(WORDS)[:3].upper()}-{rng.randrange(100, 10000)}"
    return f"{rng.randrange(2000, 2031)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"


def line_text(rng, max_chars):
    """Tokens joined by single spaces, at most max_chars characters, at least one token (cut to fit when alone)."""
    text = token(rng)[:max_chars]
    while True:
        nxt = token(rng)
        if len(text) + 1 + len(nxt) > max_chars or rng.random() < 0.08:
            return text
        text = f"{text} {nxt}"

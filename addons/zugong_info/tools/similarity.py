"""Near-duplicate detection for Chinese text, with no word segmentation.

A text is normalised (NFKC, lower case, only letters, digits and CJK characters kept)
and cut into overlapping character 4-grams (shingles). Two texts are compared by the
Jaccard similarity of their shingle sets. To find candidates among hundreds of thousands
of items without comparing against each, every text gets a MinHash signature by one
permutation hashing (each shingle hashed once, CRC-32, and kept as the minimum of one of
``BINS`` bins), densified so that no bin stays empty, and the signature is cut into
``BANDS`` bands of ``ROWS`` values: texts that share a band are candidates (locality
sensitive hashing). The band hashes are stored in an indexed table, so finding the
candidates of a new text is a handful of index lookups; the candidates are then compared
exactly.

With 3 rows a band and 42 bands, a pair of texts with similarity 0.5 shares at least one
band with probability 0.996, a pair at 0.3 with 0.68 and an unrelated pair at 0.05 with
0.005. Unrelated texts of one field share a band now and then by chance, so only the
candidates sharing the number of bands expected 0.1 below the threshold are compared:
at the default threshold of 0.5 that is two bands, which a pair at 0.5 shares with
probability 0.97 and a pair at 0.6 with 0.998.
"""
import re
import unicodedata
import zlib

SHINGLE_SIZE = 4
BINS = 128
ROWS = 3
BANDS = BINS // ROWS
_EMPTY = 1 << 32
_BIN_MASK = BINS - 1
_BIN_BITS = BINS.bit_length() - 1
_NOT_KEPT = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def normalize(text):
    return _NOT_KEPT.sub("", unicodedata.normalize("NFKC", text or "").lower())


def shingles(normalized):
    """The set of character shingles of a normalised text (the text itself when shorter)."""
    if len(normalized) <= SHINGLE_SIZE:
        return {normalized} if normalized else set()
    return {normalized[i:i + SHINGLE_SIZE] for i in range(len(normalized) - SHINGLE_SIZE + 1)}


def jaccard(first, second):
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def signature(shingle_set):
    """One-permutation MinHash: BINS minima, densified by borrowing from the next filled
    bin (with the bin distance mixed in, so borrowed values stay distinguishable)."""
    minima = [_EMPTY] * BINS
    for shingle in shingle_set:
        hashed = zlib.crc32(shingle.encode("utf-8"))
        position = hashed & _BIN_MASK
        value = hashed >> _BIN_BITS
        if value < minima[position]:
            minima[position] = value
    if all(value == _EMPTY for value in minima):
        return minima
    for position in range(BINS):
        if minima[position] == _EMPTY:
            distance = 1
            while minima[(position + distance) % BINS] == _EMPTY:
                distance += 1
            borrowed = minima[(position + distance) % BINS]
            minima[position] = borrowed + distance * (1 << 26) if borrowed < _EMPTY else borrowed
    return minima


def band_hashes(minhash_signature):
    """The band keys of a signature as signed 64-bit integers: the band number in the high
    bits, the CRC-32 of the band's values in the low ones."""
    keys = []
    for band in range(BANDS):
        values = minhash_signature[band * ROWS:(band + 1) * ROWS]
        digest = zlib.crc32(",".join(map(str, values)).encode("ascii"))
        keys.append((band << 32) | digest)
    return keys


def min_shared_bands(threshold):
    """Bands a candidate must share to be compared, for a similarity ``threshold``."""
    return max(1, int(BANDS * max(threshold - 0.1, 0) ** ROWS))


def fingerprint(text):
    """Normalised text, its shingles and its band keys."""
    normalized = normalize(text)
    shingle_set = shingles(normalized)
    return normalized, shingle_set, band_hashes(signature(shingle_set)) if shingle_set else []

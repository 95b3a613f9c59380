"""ISO 4217 active currency codes with their minor-unit exponent.

A hand-kept list (the standard's table A.1, funds and precious metals and the
``XXX``/``XTS`` test codes left out): only a code listed here is money the server
stores. The kiosk fleet sells in CNY; the rest is here so that a wrong or made-up code is
refused rather than stored.
"""

from __future__ import annotations

_ZERO = ("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF")
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_TWO = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN"
    " BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS"
    " GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR"
    " LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD"
    " PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN"
    " SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL")

MINOR_UNITS: dict[str, int] = {
    **{c: 0 for c in _ZERO.split()}, **{c: 2 for c in _TWO.split()},
    **{c: 3 for c in _THREE.split()}}


def is_currency(code: object) -> bool:
    return isinstance(code, str) and code in MINOR_UNITS

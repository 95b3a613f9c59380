"""What the kiosk says on each customer step, keyed by prompt id.

Why short imperative sentences: a spoken prompt must tell a customer who cannot read the
screen (or cannot read well) the one thing to do next, in the words the screens use
(docs/glossary.md): 纸币器, 银行卡终端, 找零凭证, 付款码. Prompt ids are screen names, with
``result.<outcome>`` for the outcome page and ``qr.<page>`` for the QR payment's pages.
"""

from __future__ import annotations

PROMPTS: dict[str, dict[str, str]] = {
    "attract": {"zh_CN": "您好，请选择要办理的业务。",
                "en": "Hello. Please choose a service."},
    "number": {"zh_CN": "请输入手机号码，然后按下一步。",
               "en": "Please enter the mobile number, then press Next."},
    "number_confirm": {"zh_CN": "请核对手机号码，无误请按确认。",
                       "en": "Please check the mobile number and press Confirm."},
    "account": {"zh_CN": "请输入缴费户号，然后按下一步。",
                "en": "Please enter the account number, then press Next."},
    "amount": {"zh_CN": "请选择充值金额。", "en": "Please choose an amount."},
    "biller": {"zh_CN": "请选择缴费单位。", "en": "Please choose who to pay."},
    "confirm": {"zh_CN": "请核对信息，并选择支付方式。",
                "en": "Please check the details and choose how to pay."},
    "cash": {"zh_CN": "请将纸币逐张放入纸币器。本机不找零，多付金额将打印找零凭证。",
             "en": "Please insert your notes one at a time. No change is given; "
                   "any extra is printed as a change voucher."},
    "card": {"zh_CN": "请按银行卡终端的提示插卡、挥卡或刷卡。",
             "en": "Please follow the card terminal: insert, tap or swipe your card."},
    "qr.choose": {"zh_CN": "请选择出示付款码，或用手机扫描屏幕上的二维码。",
                  "en": "Please choose: show your payment code, or scan the code on the "
                        "screen with your phone."},
    "qr.scan": {"zh_CN": "请打开微信付款码，对准下方扫码器。",
                "en": "Please open your payment code and hold it under the scanner."},
    "qr.phone": {"zh_CN": "请在手机上确认付款。",
                 "en": "Please confirm the payment on your phone."},
    "qr.show": {"zh_CN": "请用手机扫描屏幕上的二维码付款。",
                "en": "Please scan the code on the screen with your phone to pay."},
    "qr.failed": {"zh_CN": "付款未完成，未扣款。请查看屏幕上的说明。",
                  "en": "The payment was not made and no money was taken. Please read "
                        "the screen."},
    "processing": {"zh_CN": "正在处理，请稍候。", "en": "Processing, please wait."},
    "result.success": {"zh_CN": "交易成功，请取走凭条。",
                       "en": "Done. Please take your receipt."},
    "result.credited": {"zh_CN": "您的钱已保存为找零凭证，请取走凭证。",
                        "en": "Your money is kept as a change voucher. Please take it."},
    "result.failure": {"zh_CN": "交易未完成，请查看屏幕上的说明。",
                       "en": "The payment was not completed. Please read the screen."},
    "result.info": {"zh_CN": "查询结果已显示在屏幕上。",
                    "en": "Your result is on the screen."},
    "find_payment": {"zh_CN": "请扫描凭条上的二维码，或输入凭条上的查询号。",
                     "en": "Please scan the code on your receipt, or type its number."},
    "still_there": {"zh_CN": "您还在吗？需要更多时间请按延长时间。",
                    "en": "Are you still there? Press More time if you need it."},
    "out_of_service": {"zh_CN": "本机暂停服务，请使用其他终端。",
                       "en": "This kiosk is out of service. Please use another one."},
}

#: espeak-ng voice per UI language.
VOICES = {"zh_CN": "cmn", "en": "en"}


def prompt_text(prompt_id: str, lang: str) -> str | None:
    """The sentence for ``prompt_id`` in ``lang`` (Mandarin when the language is unknown)."""
    texts = PROMPTS.get(prompt_id)
    if texts is None:
        return None
    return texts.get(lang) or texts["zh_CN"]

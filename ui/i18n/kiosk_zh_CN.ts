<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome! Please choose a service</source>
        <translation>欢迎！请选择服务</translation>
    </message>
    <message>
        <source>Touch a tile to start. Nothing is charged until you confirm.</source>
        <translation>点击下方服务开始。确认之前不会收取任何费用。</translation>
    </message>
    <message>
        <source>Mobile top-up</source>
        <translation>手机充值</translation>
    </message>
    <message>
        <source>China Mobile, Unicom, Telecom</source>
        <translation>移动、联通、电信</translation>
    </message>
    <message>
        <source>Bill payment</source>
        <translation>生活缴费</translation>
    </message>
    <message>
        <source>Electricity, water, gas, broadband</source>
        <translation>电费、水费、燃气费、宽带费</translation>
    </message>
    <message>
        <source>Balance query</source>
        <translation>余额查询</translation>
    </message>
    <message>
        <source>Phone balance, free of charge</source>
        <translation>查询话费余额，免费</translation>
    </message>
    <message>
        <source>Bill query</source>
        <translation>账单查询</translation>
    </message>
    <message>
        <source>Amount due, free of charge</source>
        <translation>查询应缴金额，免费</translation>
    </message>
    <message>
        <source>We accept cash (10, 20, 50, 100 yuan notes) and bank cards.</source>
        <translation>支持现金（10、20、50、100元纸币）和银行卡。</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>Please follow the card terminal</source>
        <translation>请按照刷卡机提示操作</translation>
    </message>
    <message>
        <source>Pay by bank card</source>
        <translation>银行卡支付</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card on the terminal below the screen.</source>
        <translation>请在屏幕下方的刷卡机上插卡、挥卡或刷卡。</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>取消支付</translation>
    </message>
</context>
<context>
    <name>CashScreen</name>
    <message>
        <source>Insert notes one at a time</source>
        <translation>请逐张放入纸币</translation>
    </message>
    <message>
        <source>Inserted so far</source>
        <translation>已投入金额</translation>
    </message>
    <message>
        <source>Finish and pay</source>
        <translation>完成并支付</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>Please check and choose how to pay</source>
        <translation>请核对信息并选择支付方式</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>您想如何支付？</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ 返回</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Mobile top-up</source>
        <translation>手机充值</translation>
    </message>
    <message>
        <source>Enter the mobile number to top up</source>
        <translation>请输入要充值的手机号码</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>请选择充值金额</translation>
    </message>
    <message>
        <source>Over the offline limit</source>
        <translation>超出离线限额</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>运营商</translation>
    </message>
    <message>
        <source>China Mobile</source>
        <translation>中国移动</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Card payment needs the network</source>
        <translation>银行卡支付需要网络连接</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>还需支付</translation>
    </message>
    <message>
        <source>Note accepted</source>
        <translation>纸币已收下</translation>
    </message>
    <message>
        <source>Payment successful</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>交易编号</translation>
    </message>
    <message>
        <source>Scan for your receipt</source>
        <translation>扫码获取电子凭条</translation>
    </message>
    <message>
        <source>Your money is kept</source>
        <translation>您的钱已妥善保存</translation>
    </message>
    <message>
        <source>Use this code at any kiosk</source>
        <translation>可在任一终端使用此代码</translation>
    </message>
    <message>
        <source>Bill validator: jam</source>
        <translation>纸币器：卡币</translation>
    </message>
    <message>
        <source>Offline: cash top-up still works</source>
        <translation>网络中断：仍可用现金充值</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Large text</source>
        <translation>大字体</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>⌫ Delete</source>
        <translation>⌫ 删除</translation>
    </message>
</context>
<context>
    <name>NumberEntryScreen</name>
    <message>
        <source>Continue</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Temporarily out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Sorry, this kiosk cannot take payments right now. No money has been taken. Please use another kiosk or come back later.</source>
        <translation>抱歉，本终端暂时无法收款，未收取您任何费用。请使用其他终端或稍后再来。</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
</context>
<context>
    <name>ProcessingScreen</name>
    <message>
        <source>Processing, please wait…</source>
        <translation>正在处理，请稍候…</translation>
    </message>
    <message>
        <source>Do not leave the kiosk.</source>
        <translation>请不要离开。</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>I need more time</source>
        <translation>我需要更多时间</translation>
    </message>
    <message>
        <source>End now</source>
        <translation>现在结束</translation>
    </message>
</context>
</TS>
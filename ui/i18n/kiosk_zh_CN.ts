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
        <source>We accept cash (banknotes) and bank cards. No change is given: any extra is kept for you as a credit.</source>
        <translation>支持现金（纸币）和银行卡。本机不找零：多付金额将为您保存为找零凭证。</translation>
    </message>
    <message>
        <source>Use a voucher</source>
        <translation>使用凭证</translation>
    </message>
    <message>
        <source>Find my payment</source>
        <translation>查找我的付款</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>Please follow the card terminal</source>
        <translation>请按照银行卡终端提示操作</translation>
    </message>
    <message>
        <source>Pay by bank card</source>
        <translation>银行卡支付</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card on the terminal below the screen.</source>
        <translation>请在屏幕下方的银行卡终端上插卡、挥卡或刷卡。</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>取消支付</translation>
    </message>
</context>
<context>
    <name>CashScreen</name>
    <message>
        <source>%1 s left to insert the next note (each note or tap gives more time)</source>
        <translation>还有 %1 秒可放入下一张纸币（每放入一张或点击屏幕都会重新计时）</translation>
    </message>
    <message>
        <source>Insert notes one at a time</source>
        <translation>请逐张放入纸币</translation>
    </message>
    <message>
        <source>Inserted so far</source>
        <translation>已投入金额</translation>
    </message>
    <message>
        <source>Confirm top-up</source>
        <translation>确认充值</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>确认缴费</translation>
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
    <message>
        <source>Scan to pay</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>凭证</translation>
    </message>
</context>
<context>
    <name>ControlWindow</name>
    <message>
        <source>Demo: emulated devices</source>
        <translation>演示：模拟设备</translation>
    </message>
    <message>
        <source>Bill validator (CCNET)</source>
        <translation>纸币器（CCNET）</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>卡币</translation>
    </message>
    <message>
        <source>Clear jam</source>
        <translation>排除卡币</translation>
    </message>
    <message>
        <source>Remove cassette</source>
        <translation>取出钱箱</translation>
    </message>
    <message>
        <source>Insert cassette</source>
        <translation>装回钱箱</translation>
    </message>
    <message>
        <source>Card terminal (ZVT)</source>
        <translation>银行卡终端（ZVT）</translation>
    </message>
    <message>
        <source>Next card: approve</source>
        <translation>下一笔：批准</translation>
    </message>
    <message>
        <source>Next card: decline</source>
        <translation>下一笔：拒绝</translation>
    </message>
    <message>
        <source>Receipt printer (ESC/POS)</source>
        <translation>凭条打印机（ESC/POS）</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Paper loaded</source>
        <translation>已装纸</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Network down</source>
        <translation>断开网络</translation>
    </message>
    <message>
        <source>Network up</source>
        <translation>恢复网络</translation>
    </message>
    <message>
        <source>QR scanner and wallet</source>
        <translation>扫码器与钱包</translation>
    </message>
    <message>
        <source>Scan code: pays</source>
        <translation>扫码：直接付款</translation>
    </message>
    <message>
        <source>Scan code: confirm on phone</source>
        <translation>扫码：手机确认</translation>
    </message>
    <message>
        <source>Scan code: never confirmed</source>
        <translation>扫码：不确认</translation>
    </message>
    <message>
        <source>Scan code: no balance</source>
        <translation>扫码：余额不足</translation>
    </message>
    <message>
        <source>Pay the code on screen</source>
        <translation>支付屏幕二维码</translation>
    </message>
    <message>
        <source>Pay it after it closed</source>
        <translation>关单后付款</translation>
    </message>
    <message>
        <source>Unplug scanner</source>
        <translation>拔出扫码器</translation>
    </message>
    <message>
        <source>Plug scanner in</source>
        <translation>插入扫码器</translation>
    </message>
</context>
<context>
    <name>CustomerFlow</name>
    <message>
        <source>Network is down: cash top-up and cash bill payment still work; card and QR payment and queries are paused.</source>
        <translation>网络中断：现金充值和现金缴费仍可使用；银行卡支付、扫码支付和查询暂停。</translation>
    </message>
    <message>
        <source>Mobile top-up</source>
        <translation>手机充值</translation>
    </message>
    <message>
        <source>Balance query</source>
        <translation>余额查询</translation>
    </message>
    <message>
        <source>Enter the mobile number</source>
        <translation>请输入手机号码</translation>
    </message>
    <message>
        <source>11 digits, e.g. 138 0013 8000</source>
        <translation>11位数字，例如 138 0013 8000</translation>
    </message>
    <message>
        <source>%1 more digits</source>
        <translation>还需输入 %1 位</translation>
    </message>
    <message>
        <source>Asking your operator…</source>
        <translation>正在查询运营商…</translation>
    </message>
    <message>
        <source>Over the limit right now</source>
        <translation>当前超出限额</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>请选择充值金额</translation>
    </message>
    <message>
        <source>Checking the number…</source>
        <translation>正在核对号码…</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>其他金额</translation>
    </message>
    <message>
        <source>Top-up for %1 (%2). Wrong number? Press Back.</source>
        <translation>充值号码 %1（%2）。号码不对？请按“返回”。</translation>
    </message>
    <message>
        <source>Bill payment</source>
        <translation>生活缴费</translation>
    </message>
    <message>
        <source>Bill query</source>
        <translation>账单查询</translation>
    </message>
    <message>
        <source>Choose the company</source>
        <translation>请选择缴费单位</translation>
    </message>
    <message>
        <source>No billers available yet: the kiosk has not received the list from the server.</source>
        <translation>暂无缴费单位：终端尚未从服务器获取列表。</translation>
    </message>
    <message>
        <source>Enter the account number printed on your bill</source>
        <translation>请输入账单上的户号</translation>
    </message>
    <message>
        <source>Account number looks right</source>
        <translation>户号格式正确</translation>
    </message>
    <message>
        <source>Looking up your bill…</source>
        <translation>正在查询账单…</translation>
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
        <source>Company</source>
        <translation>缴费单位</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
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
        <source>What you insert (cash only)</source>
        <translation>按投入金额（仅限现金）</translation>
    </message>
    <message>
        <source>Card needs a fixed amount</source>
        <translation>银行卡支付需要确定金额</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Your balance</source>
        <translation>您的余额</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Cash only</source>
        <translation>仅限现金</translation>
    </message>
    <message>
        <source>Top up now</source>
        <translation>立即充值</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应缴金额</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>缴费截止日期</translation>
    </message>
    <message>
        <source>This account has no open bill to pay. Check the account number on your bill, or come back when the next bill is out.</source>
        <translation>该户号目前没有待缴账单。请核对账单上的户号，或在下期账单出账后再来。</translation>
    </message>
    <message>
        <source>Re-enter</source>
        <translation>重新输入</translation>
    </message>
    <message>
        <source>Your bill</source>
        <translation>您的账单</translation>
    </message>
    <message>
        <source>Pay now</source>
        <translation>立即缴费</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
    <message>
        <source>No money has been taken.</source>
        <translation>未收取任何费用。</translation>
    </message>
    <message>
        <source>QR payment needs a fixed amount</source>
        <translation>扫码支付需要固定金额</translation>
    </message>
    <message>
        <source>Pay the same again?</source>
        <translation>再付一次相同金额？</translation>
    </message>
    <message>
        <source>The same account was paid the same amount at %1. Pay again?</source>
        <translation>该账户已于 %1 支付过相同金额。确定再付一次吗？</translation>
    </message>
    <message>
        <source>Yes, pay again</source>
        <translation>是，再付一次</translation>
    </message>
    <message>
        <source>No, back to the start</source>
        <translation>否，返回首页</translation>
    </message>
    <message>
        <source>Use a voucher</source>
        <translation>使用凭证</translation>
    </message>
    <message>
        <source>Enter the 16-digit code printed on your voucher</source>
        <translation>请输入凭证上的 16 位代码</translation>
    </message>
    <message>
        <source>Enter the 16-digit code printed on your voucher, or hold the voucher's QR code under the scanner</source>
        <translation>请输入凭证上的 16 位代码，
或将凭证上的二维码对准扫码器</translation>
    </message>
    <message>
        <source>This code is not right, please check it</source>
        <translation>代码有误，请核对</translation>
    </message>
    <message>
        <source>Code looks right</source>
        <translation>代码格式正确</translation>
    </message>
    <message>
        <source>Checking the voucher…</source>
        <translation>正在核验凭证…</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>凭证抵扣</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>还需支付</translation>
    </message>
    <message>
        <source>Network down</source>
        <translation>网络中断</translation>
    </message>
    <message>
        <source>Credited within %1 h</source>
        <translation>恢复后到账，最迟 %1 小时</translation>
    </message>
    <message>
        <source>No paper: your receipt will be a QR code on screen.</source>
        <translation>打印机缺纸：凭条将以二维码显示在屏幕上。</translation>
    </message>
    <message>
        <source>Code %1. Choose what to pay with it; what is not used stays on the code.</source>
        <translation>凭证号 %1。请选择用它支付的项目，未用完的余额保留在此凭证上。</translation>
    </message>
    <message>
        <source>This voucher holds %1</source>
        <translation>凭证余额 %1</translation>
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
        <translation>查询号</translation>
    </message>
    <message>
        <source>Scan for your receipt</source>
        <translation>扫码获取电子凭条</translation>
    </message>
    <message>
        <source>Your money is kept</source>
        <translation>您的钱没有丢失</translation>
    </message>
    <message>
        <source>Use this code at any kiosk</source>
        <translation>在本公司任意一台终端输入凭证码即可使用</translation>
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
    <name>Inactivity</name>
    <message>
        <source>If you do not answer, the payment ends and any money you inserted is paid or kept for you as a credit.</source>
        <translation>如果您没有回应，本次支付将结束，已投入的钱将用于支付或为您保存为找零凭证。</translation>
    </message>
    <message>
        <source>If you do not answer, the kiosk returns to the start. Nothing has been charged.</source>
        <translation>如果您没有回应，本机将返回首页。不会收取任何费用。</translation>
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
    <name>Maintenance</name>
    <message>
        <source>%1 batches closed; the latest first.</source>
        <translation>已结算 %1 批，最新的在前。</translation>
    </message>
    <message>
        <source>No batch closed yet.</source>
        <translation>尚未结算任何批次。</translation>
    </message>
    <message>
        <source>collection</source>
        <translation>清机</translation>
    </message>
    <message>
        <source>end of day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>%1 payments</source>
        <translation>%1 笔</translation>
    </message>
    <message>
        <source>Settlement batches</source>
        <translation>结算批次</translation>
    </message>
    <message>
        <source>Close a batch now</source>
        <translation>立即结算一批</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Difference in total: %1</source>
        <translation>总差额：%1</translation>
    </message>
    <message>
        <source>Difference in total: after the count</source>
        <translation>总差额：清点后显示</translation>
    </message>
    <message>
        <source>Cash collection</source>
        <translation>清机收款</translation>
    </message>
    <message>
        <source>Touch a note, then type how many you counted. Each note shows expected → counted.</source>
        <translation>先点选面额，再输入清点的张数。每个面额显示：应有 → 实点。</translation>
    </message>
    <message>
        <source>Same as expected</source>
        <translation>与应有一致</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>The count differs from the journal by %1. The difference is recorded and reported as it is.</source>
        <translation>清点结果与流水记录相差 %1。差额将如实记录并上报。</translation>
    </message>
    <message>
        <source>Check and confirm</source>
        <translation>核对并确认</translation>
    </message>
    <message>
        <source>Confirm and print report</source>
        <translation>确认并打印报告</translation>
    </message>
    <message>
        <source>The report was printed.</source>
        <translation>报告已打印。</translation>
    </message>
    <message>
        <source>The report could not be printed: copy it from this screen.</source>
        <translation>报告无法打印：请从屏幕抄录。</translation>
    </message>
    <message>
        <source>No printer: copy the report from this screen.</source>
        <translation>没有打印机：请从屏幕抄录报告。</translation>
    </message>
    <message>
        <source>Collection recorded</source>
        <translation>清机已记录</translation>
    </message>
    <message>
        <source>Back to the menu</source>
        <translation>返回菜单</translation>
    </message>
    <message>
        <source>Staff login</source>
        <extracomment>Customer screens with money in flight: the hidden entry does nothing there.</extracomment>
        <translation>员工登录</translation>
    </message>
    <message>
        <source>No staff accounts yet: create one with kiosk users add --role admin.</source>
        <translation>尚无员工账号：请用 kiosk users add --role admin 创建。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: locked until %1.</source>
        <translation>密码错误次数过多：锁定至 %1。</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 more tries before a lock.</source>
        <translation>PIN 错误。再错 %1 次将被锁定。</translation>
    </message>
    <message>
        <source>Wrong PIN. Please try again.</source>
        <translation>密码错误，请重试。</translation>
    </message>
    <message>
        <source>Login is not possible right now.</source>
        <translation>暂时无法登录。</translation>
    </message>
    <message>
        <source>Your role may not do this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>测试中…</translation>
    </message>
    <message>
        <source>Sync started…</source>
        <translation>已开始同步…</translation>
    </message>
    <message>
        <source>Sync requested: records are sent in the background.</source>
        <translation>已请求同步：记录将在后台发送。</translation>
    </message>
    <message>
        <source>Notes counted</source>
        <translation>清点张数</translation>
    </message>
    <message>
        <source>Logged in: %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护中</translation>
    </message>
    <message>
        <source>Maintenance menu</source>
        <translation>维护菜单</translation>
    </message>
    <message>
        <source>Device status</source>
        <translation>设备状态</translation>
    </message>
    <message>
        <source>Live state, versions, errors</source>
        <translation>实时状态、版本、错误</translation>
    </message>
    <message>
        <source>Device tests</source>
        <translation>设备测试</translation>
    </message>
    <message>
        <source>Validator, printer, card terminal</source>
        <translation>纸币器、打印机、银行卡终端</translation>
    </message>
    <message>
        <source>Queue and network</source>
        <translation>队列与网络</translation>
    </message>
    <message>
        <source>Unsent records, server, sync now</source>
        <translation>未发送记录、服务器、立即同步</translation>
    </message>
    <message>
        <source>Count the cassette, print the report</source>
        <translation>清点钱箱，打印报告</translation>
    </message>
    <message>
        <source>Closed batches and totals</source>
        <translation>已结算批次及合计</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Stop or resume customer payments</source>
        <translation>暂停或恢复客户缴费</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <source>Cash collector</source>
        <translation>清机员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Enter your staff number</source>
        <translation>请输入工号</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Staff number %1</source>
        <translation>工号 %1</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>请输入密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Device repair</source>
        <translation>设备维修</translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation>网络故障</translation>
    </message>
    <message>
        <source>In service: customers can pay.</source>
        <translation>正常服务：客户可以缴费。</translation>
    </message>
    <message>
        <source>Out of service: no payments.</source>
        <translation>暂停服务：不接受缴费。</translation>
    </message>
    <message>
        <source>Choose why to stop customer payments:</source>
        <translation>请选择暂停客户缴费的原因：</translation>
    </message>
    <message>
        <source>Put back in service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <source>Note acceptor</source>
        <translation>纸币器</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>银行卡终端</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>FAULT: %1</source>
        <translation>故障：%1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>计数器</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>正常服务</translation>
    </message>
    <message>
        <source>Disk free</source>
        <translation>磁盘剩余</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>软件</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Enable notes</source>
        <translation>启用收币</translation>
    </message>
    <message>
        <source>Disable notes</source>
        <translation>停用收币</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Check paper</source>
        <translation>检查纸张</translation>
    </message>
    <message>
        <source>Register terminal</source>
        <translation>注册银行卡终端</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Records waiting</source>
        <translation>待发送记录</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>最早待发送</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>最近成功</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Note jam</source>
        <translation>纸币器卡币</translation>
    </message>
    <message>
        <source>Cash box full</source>
        <translation>钱箱已满</translation>
    </message>
    <message>
        <source>Cash box removed</source>
        <translation>钱箱已取出</translation>
    </message>
    <message>
        <source>Device failure</source>
        <translation>设备故障</translation>
    </message>
    <message>
        <source>Tampering detected</source>
        <translation>检测到异常操作</translation>
    </message>
    <message>
        <source>Ready, notes off</source>
        <translation>暂停收币</translation>
    </message>
    <message>
        <source>Ready, taking notes</source>
        <translation>可以收币</translation>
    </message>
    <message>
        <source>Taking a note</source>
        <translation>正在收入纸币</translation>
    </message>
    <message>
        <source>Returning a note</source>
        <translation>正在退回纸币</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Paper low</source>
        <translation>纸张将尽</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Paper loaded</source>
        <translation>纸张正常</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>State unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>notes stacked</source>
        <translation>已收纸币</translation>
    </message>
    <message>
        <source>timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>reconnects</source>
        <translation>重连</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Notes on: %1</source>
        <translation>已开启面额：%1</translation>
    </message>
    <message>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>%1 parked: the server refused them; sync continues with the rest</source>
        <translation>%1 条已搁置：服务器拒收，其余记录继续上传</translation>
    </message>
    <message>
        <source>Retry parked</source>
        <translation>重试搁置记录</translation>
    </message>
    <message>
        <source>Parked records are back in the queue.</source>
        <translation>搁置记录已重新排队。</translation>
    </message>
    <message>
        <source>online, %1 parked</source>
        <translation>在线，%1 条搁置</translation>
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
        <source>Reason: maintenance</source>
        <translation>原因：维护中</translation>
    </message>
    <message>
        <source>Reason: the note acceptor needs service</source>
        <translation>原因：纸币器需要维修</translation>
    </message>
    <message>
        <source>Reason: the card terminal needs service</source>
        <translation>原因：银行卡终端需要维修</translation>
    </message>
    <message>
        <source>Reason: the receipt printer needs service</source>
        <translation>原因：凭条打印机需要维修</translation>
    </message>
    <message>
        <source>Reason: a device needs service</source>
        <translation>原因：设备需要维修</translation>
    </message>
    <message>
        <source>Reason: a technical fault</source>
        <translation>原因：技术故障</translation>
    </message>
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
    <name>PaymentView</name>
    <message>
        <source>Note accepted</source>
        <translation>纸币已收下</translation>
    </message>
    <message>
        <source>Note returned: %1</source>
        <translation>纸币已退回：%1</translation>
    </message>
    <message>
        <source>Note not accepted, please try another</source>
        <translation>无法识别该纸币，请换一张</translation>
    </message>
    <message>
        <source>Confirming your payment with the bank…</source>
        <translation>正在与银行确认支付…</translation>
    </message>
    <message>
        <source>Your card was declined. No money was taken. You can try again, use another card or pay cash.</source>
        <translation>银行卡支付未成功，没有扣款。您可以重试、换一张卡或改用现金。</translation>
    </message>
    <message>
        <source>Total to pay</source>
        <translation>应付合计</translation>
    </message>
    <message>
        <source>Inserted</source>
        <translation>已投入</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>还需支付</translation>
    </message>
    <message>
        <source>Accepted notes: %1</source>
        <translation>可接收纸币：%1</translation>
    </message>
    <message>
        <source>none right now</source>
        <translation>暂不可用</translation>
    </message>
    <message>
        <source>You can insert up to %1 more</source>
        <translation>最多还可投入 %1</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card</source>
        <translation>请插卡、挥卡或刷卡</translation>
    </message>
    <message>
        <source>Enter your PIN on the terminal</source>
        <translation>请在银行卡终端上输入密码</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Please take your card</source>
        <translation>请取回您的银行卡</translation>
    </message>
    <message>
        <source>Please follow the card terminal</source>
        <translation>请按照银行卡终端提示操作</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <source>Your payment is recorded and will be settled. Please keep this screen's reference and call staff.</source>
        <translation>您的支付已记录并将被处理。请记下本页的查询号并联系工作人员。</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>正在打印凭条…</translation>
    </message>
    <message>
        <source>A note is stuck in the bill validator, so the payment stopped.</source>
        <translation>纸币器卡币，支付已停止。</translation>
    </message>
    <message>
        <source>The bill validator stopped working, so the payment stopped.</source>
        <translation>纸币器出现故障，支付已停止。</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>查询号</translation>
    </message>
    <message>
        <source>Please tell staff; this kiosk is now out of service.</source>
        <translation>请联系工作人员；本机暂停服务。</translation>
    </message>
    <message>
        <source>Topped up</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Top-up successful</source>
        <translation>充值成功</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>The extra %1 is kept as a change voucher: enter this code at any of our kiosks.</source>
        <translation>多付的 %1 已保存为找零凭证：在本公司任意一台终端输入凭证码即可使用。</translation>
    </message>
    <message>
        <source>Your money is kept</source>
        <translation>您的钱没有丢失</translation>
    </message>
    <message>
        <source>Your note was counted</source>
        <translation>您的纸币已入账</translation>
    </message>
    <message>
        <source>A %1 note reached the cassette after your payment ended. It is kept for you as a change voucher: enter this code at any of our kiosks.</source>
        <translation>您的一张 %1 纸币在付款结束后才进入钱箱，已为您保存为找零凭证：在本公司任意一台终端输入凭证码即可使用。</translation>
    </message>
    <message>
        <source>Scan this code to keep your receipt.</source>
        <translation>扫描此二维码保存凭条。</translation>
    </message>
    <message>
        <source>Payment cancelled</source>
        <translation>支付已取消</translation>
    </message>
    <message>
        <source>No money was taken.</source>
        <translation>未收取任何费用。</translation>
    </message>
    <message>
        <source>Bill paid</source>
        <translation>缴费成功</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Payment stopped</source>
        <translation>支付已停止</translation>
    </message>
    <message>
        <source>The %1 you inserted was topped up.</source>
        <translation>您已放入的 %1 已充值到账。</translation>
    </message>
    <message>
        <source>The %1 you inserted was paid.</source>
        <translation>您已放入的 %1 已缴入账户。</translation>
    </message>
    <message>
        <source>The payment could not be made. Your %1 is not lost: it is kept as a change voucher. Enter its code at any of our kiosks to use it.</source>
        <translation>本次支付未能完成。您的 %1 没有丢失，已保存为找零凭证：在本公司任意一台终端输入凭证码即可使用。</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>The card payment was reversed: no money was taken from your account.</source>
        <translation>银行卡支付已冲正：您的账户未被扣款。</translation>
    </message>
    <message>
        <source>Your payment is recorded; staff will settle it. Keep the reference.</source>
        <translation>您的支付已记录，工作人员将进行处理。请保留查询号。</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>请取走您的凭条。</translation>
    </message>
    <message>
        <source>The printer cannot print now: scan this code to keep your receipt.</source>
        <translation>打印机暂时无法打印：请扫描此二维码保存凭条。</translation>
    </message>
    <message>
        <source>Your QR payment is being checked</source>
        <translation>正在核实您的扫码支付</translation>
    </message>
    <message>
        <source>The bank has not answered yet. If money was taken, your top-up or bill payment is made, or the money goes back to your wallet, automatically. You do not need to wait.</source>
        <translation>支付机构尚未答复。如已扣款，充值或缴费将自动完成，或款项自动退回您的钱包。您无需等待。</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Your QR payment is refunded to your wallet.</source>
        <translation>您的扫码付款已原路退回钱包。</translation>
    </message>
    <message>
        <source>Pay %1 now</source>
        <translation>支付 %1</translation>
    </message>
    <message>
        <source>Complete the payment with the money inserted</source>
        <translation>用已投入的金额完成支付</translation>
    </message>
    <message>
        <source>Keep %1 as a voucher</source>
        <translation>存为凭证 %1</translation>
    </message>
    <message>
        <source>Nothing is paid now; use the code at any of our kiosks</source>
        <translation>本次不支付，凭证可在任一终端使用</translation>
    </message>
    <message>
        <source>Continue paying</source>
        <translation>继续投币</translation>
    </message>
    <message>
        <source>Back to inserting money</source>
        <translation>返回继续投入现金</translation>
    </message>
    <message>
        <source>You have inserted %1</source>
        <translation>您已投入 %1</translation>
    </message>
    <message>
        <source>This kiosk does not give cash back. Please choose:</source>
        <translation>本机不退还现金，请选择：</translation>
    </message>
    <message>
        <source>This kiosk does not give cash back; any excess is credited to your account or kept as a voucher, as you choose.</source>
        <translation>本机不退还现金；多付部分按您的选择记入账户或存为凭证。</translation>
    </message>
    <message>
        <source>Overpayment is credited to the account.</source>
        <translation>多付部分将预存到该账户。</translation>
    </message>
    <message>
        <source>Change is given as a voucher code.</source>
        <translation>找零将以凭证代码给出。</translation>
    </message>
    <message>
        <source>Voucher used</source>
        <translation>凭证抵扣</translation>
    </message>
    <message>
        <source>Left on the voucher</source>
        <translation>凭证余额</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>款项已收妥</translation>
    </message>
    <message>
        <source>Network down: credited within %1 h.</source>
        <translation>网络中断：款项将在恢复后到账，最迟 %1 小时。</translation>
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
    <name>Reasons</name>
    <message>
        <source>The note acceptor is out of order</source>
        <translation>纸币器故障</translation>
    </message>
    <message>
        <source>The card terminal is out of order</source>
        <translation>银行卡终端故障</translation>
    </message>
    <message>
        <source>Card payment needs the network</source>
        <translation>银行卡支付需要网络连接</translation>
    </message>
    <message>
        <source>Cash is paused until the network is back</source>
        <translation>网络恢复前暂停现金支付</translation>
    </message>
    <message>
        <source>Not available while the network is down</source>
        <translation>网络中断期间无法使用</translation>
    </message>
    <message>
        <source>A mobile number has 11 digits and starts with 13 to 19</source>
        <translation>手机号码为11位，以13至19开头</translation>
    </message>
    <message>
        <source>This number's operator is not served here</source>
        <translation>本终端不支持该号码的运营商</translation>
    </message>
    <message>
        <source>This number cannot be topped up</source>
        <translation>该号码无法充值</translation>
    </message>
    <message>
        <source>The account number has %1 digits</source>
        <translation>户号为 %1 位数字</translation>
    </message>
    <message>
        <source>This account number is not valid, please check it</source>
        <translation>户号无效，请核对</translation>
    </message>
    <message>
        <source>Nothing is due on this account</source>
        <translation>该户号暂无欠费</translation>
    </message>
    <message>
        <source>This number was not found, please check it and enter it again</source>
        <translation>未找到该号码，请核对后重新输入</translation>
    </message>
    <message>
        <source>This account was not found, please check it and enter it again</source>
        <translation>未找到该户号，请核对后重新输入</translation>
    </message>
    <message>
        <source>The card payment was declined</source>
        <translation>银行卡支付未成功</translation>
    </message>
    <message>
        <source>The amount is over the limit for one payment</source>
        <translation>金额超出单笔限额</translation>
    </message>
    <message>
        <source>A note is stuck in the acceptor</source>
        <translation>纸币器卡币</translation>
    </message>
    <message>
        <source>The cash box is not ready</source>
        <translation>钱箱未就绪</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护中</translation>
    </message>
    <message>
        <source>Not available right now</source>
        <translation>暂时无法使用</translation>
    </message>
    <message>
        <source>China Mobile</source>
        <translation>中国移动</translation>
    </message>
    <message>
        <source>China Unicom</source>
        <translation>中国联通</translation>
    </message>
    <message>
        <source>China Telecom</source>
        <translation>中国电信</translation>
    </message>
    <message>
        <source>QR payment needs the network</source>
        <translation>扫码支付需要网络</translation>
    </message>
    <message>
        <source>The code scanner is out of order</source>
        <translation>扫码器故障</translation>
    </message>
    <message>
        <source>QR payment is not offered at this kiosk</source>
        <translation>本机暂不提供扫码支付</translation>
    </message>
    <message>
        <source>This voucher code is not right, please check it</source>
        <translation>凭证代码有误，请核对</translation>
    </message>
    <message>
        <source>This voucher code is not known</source>
        <translation>未找到此凭证</translation>
    </message>
    <message>
        <source>This voucher has already been used</source>
        <translation>此凭证已使用</translation>
    </message>
    <message>
        <source>This voucher is being used at another kiosk; try again in a few minutes</source>
        <translation>此凭证正在其他终端使用，请几分钟后再试</translation>
    </message>
    <message>
        <source>This voucher has expired</source>
        <translation>此凭证已过期</translation>
    </message>
    <message>
        <source>This voucher is being refunded at the service hall</source>
        <translation>此凭证正在营业厅办理退款</translation>
    </message>
    <message>
        <source>Too many attempts; please try again later</source>
        <translation>尝试次数过多，请稍后再试</translation>
    </message>
    <message>
        <source>While the network is down only vouchers from this kiosk can be used</source>
        <translation>网络中断期间只能使用本机开出的凭证</translation>
    </message>
    <message>
        <source>This voucher cannot be used for this payment</source>
        <translation>此凭证不能用于本次支付</translation>
    </message>
    <message>
        <source>Cash is paused until the kiosk has sent its records</source>
        <translation>现金暂停，待本机记录上传后恢复</translation>
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
    <name>StartupScreen</name>
    <message>
        <source>Checking devices</source>
        <translation>检查设备</translation>
    </message>
    <message>
        <source>Resolving unfinished payments</source>
        <translation>处理未完成的交易</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Please wait a moment, the kiosk is getting ready.</source>
        <translation>请稍候，本机正在准备中。</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <source>This kiosk is out of service. No money has been taken. Staff: the reason is shown below.</source>
        <translation>本机暂停服务，未收取任何款项。工作人员：原因见下方。</translation>
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
        <translation>延长时间</translation>
    </message>
    <message>
        <source>End now</source>
        <translation>现在结束</translation>
    </message>
</context>
<context>
    <name>QrScreen</name>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>UnionPay QR</source>
        <translation>云闪付</translation>
    </message>
    <message>
        <source>Accepted: %1</source>
        <translation>支持：%1</translation>
    </message>
    <message>
        <source>Your payment arrived after the code had expired. It is being refunded to your wallet automatically.</source>
        <translation>您的付款在二维码过期后才到达，将自动原路退回您的钱包。</translation>
    </message>
    <message>
        <source>Not enough balance. Choose another card in the wallet app, then scan again.</source>
        <translation>余额不足。请在钱包应用中更换付款卡后重新扫码。</translation>
    </message>
    <message>
        <source>This card cannot be used. Choose another card in the wallet app.</source>
        <translation>该卡暂不支持。请在钱包应用中更换付款卡。</translation>
    </message>
    <message>
        <source>The payment code has expired. Refresh it in the wallet app and scan again.</source>
        <translation>付款码已过期。请在钱包应用中刷新后重新扫码。</translation>
    </message>
    <message>
        <source>This payment code was already used. Refresh it in the wallet app and scan again.</source>
        <translation>该付款码已使用过。请在钱包应用中刷新后重新扫码。</translation>
    </message>
    <message>
        <source>This is not a payment code we accept. Open the payment code (付款码) in the wallet app.</source>
        <translation>这不是本机支持的付款码。请在钱包应用中打开付款码。</translation>
    </message>
    <message>
        <source>This wallet is not accepted at this kiosk.</source>
        <translation>本机不支持该钱包。</translation>
    </message>
    <message>
        <source>The payment was declined. Please choose another way to pay.</source>
        <translation>付款被拒绝。请选择其他支付方式。</translation>
    </message>
    <message>
        <source>The payment was not confirmed on the phone in time.</source>
        <translation>未在规定时间内在手机上确认付款。</translation>
    </message>
    <message>
        <source>The QR code has expired.</source>
        <translation>二维码已过期。</translation>
    </message>
    <message>
        <source>The network is too slow right now.</source>
        <translation>当前网络过慢。</translation>
    </message>
    <message>
        <source>The scanner is not working. Please scan the code on the screen with your phone instead.</source>
        <translation>扫码器故障。请改用手机扫描屏幕上的二维码。</translation>
    </message>
    <message>
        <source>The payment was not completed.</source>
        <translation>付款未完成。</translation>
    </message>
    <message>
        <source>No money was taken.</source>
        <translation>未扣款。</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Pay by QR code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <source>How would you like to scan?</source>
        <translation>请选择扫码方式</translation>
    </message>
    <message>
        <source>Show your payment code</source>
        <translation>出示付款码</translation>
    </message>
    <message>
        <source>Hold your payment code (付款码) under the scanner</source>
        <translation>请将付款码对准下方扫码器</translation>
    </message>
    <message>
        <source>In WeChat: Me &gt; Pay and Collect. %1</source>
        <translation>微信：我 &gt; 服务 &gt; 收付款。%1</translation>
    </message>
    <message>
        <source>Paying, please wait…</source>
        <translation>正在付款，请稍候…</translation>
    </message>
    <message>
        <source>Do not close the wallet app.</source>
        <translation>请勿关闭钱包应用。</translation>
    </message>
    <message>
        <source>Please confirm the payment on your phone</source>
        <translation>请在手机上确认付款</translation>
    </message>
    <message>
        <source>Enter your payment password in the wallet app.</source>
        <translation>请在钱包应用中输入支付密码。</translation>
    </message>
    <message>
        <source>Scan this code with your phone</source>
        <translation>请用手机扫描此二维码</translation>
    </message>
    <message>
        <source>Open the wallet app, tap Scan and pay</source>
        <translation>打开钱包应用，点“扫一扫”付款</translation>
    </message>
    <message>
        <source>Stopping the payment…</source>
        <translation>正在取消付款…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <source>Payment not made</source>
        <translation>未完成付款</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>出示付款码</translation>
    </message>
    <message>
        <source>Scan a code with my phone</source>
        <translation>手机扫码付款</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Other ways to pay</source>
        <translation>其他支付方式</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>取消付款</translation>
    </message>
</context>
<context>
    <name>FindPayment</name>
    <message>
        <source>Find my payment</source>
        <translation>查找我的付款</translation>
    </message>
    <message>
        <source>Type the reference number printed on your receipt, or hold the receipt's QR code under the scanner.</source>
        <translation>请输入凭条上的查询号，或将凭条上的二维码对准扫码器。</translation>
    </message>
    <message>
        <source>Type the reference number printed on your receipt.</source>
        <translation>请输入凭条上的查询号。</translation>
    </message>
    <message>
        <source>All the digits, e.g. 42-955975: the dash comes by itself</source>
        <translation>请输入全部数字，例如 42-955975，短横线会自动加上</translation>
    </message>
    <message>
        <source>Looking for your payment…</source>
        <translation>正在查找您的付款…</translation>
    </message>
    <message>
        <source>Too many wrong numbers. Please wait %1 seconds, then try again.</source>
        <translation>输错次数过多，请等待 %1 秒后再试。</translation>
    </message>
    <message>
        <source>This code is not a receipt from this kiosk.</source>
        <translation>这不是本终端凭条上的二维码。</translation>
    </message>
    <message>
        <source>No payment with this number at this kiosk. Please check the number on your receipt.</source>
        <translation>本终端没有这个查询号的付款，请核对凭条上的查询号。</translation>
    </message>
    <message>
        <source>The receipt cannot be printed again now.</source>
        <translation>暂时无法补打凭条。</translation>
    </message>
    <message>
        <source>Money beyond the amount was kept as a change voucher: enter its code at any of our kiosks.</source>
        <translation>多付的金额已保存为找零凭证，可在本公司任意一台终端输入凭证码使用。</translation>
    </message>
    <message>
        <source>Not paid: kept as a change voucher</source>
        <translation>未支付，已转为找零凭证</translation>
    </message>
    <message>
        <source>The payment was not made. Your %1 is not lost: it is kept as a change voucher. Enter its code at any of our kiosks.</source>
        <translation>付款未完成。您的 %1 没有丢失，已保存为找零凭证，可在本公司任意一台终端输入凭证码使用。</translation>
    </message>
    <message>
        <source>The payment was not made: the card payment was reversed, or the wallet payment refunded.</source>
        <translation>付款未完成：银行卡扣款已撤销，或扫码付款已退回。</translation>
    </message>
    <message>
        <source>Still being processed</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>This payment has not finished yet; the kiosk completes it by itself. Please look again in a few minutes.</source>
        <translation>这笔付款尚未完成，终端会自动处理，请几分钟后再查。</translation>
    </message>
    <message>
        <source>Mobile top-up</source>
        <translation>手机充值</translation>
    </message>
    <message>
        <source>Bill payment</source>
        <translation>生活缴费</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>上传状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已上传</translation>
    </message>
    <message>
        <source>Not yet sent</source>
        <translation>尚未上传</translation>
    </message>
    <message>
        <source>Late note %1, voucher</source>
        <translation>补收纸币 %1，凭证码</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打凭条</translation>
    </message>
</context>
<context>
    <name>PaymentStatusScreen</name>
    <message>
        <source>Back to the start</source>
        <translation>返回首页</translation>
    </message>
</context>
</TS>
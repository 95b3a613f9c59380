<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome! Please choose a service</source>
        <translation>Welcome! Please choose a service</translation>
    </message>
    <message>
        <source>Touch a tile to start. Nothing is charged until you confirm.</source>
        <translation>Touch a tile to start. Nothing is charged until you confirm.</translation>
    </message>
    <message>
        <source>Mobile top-up</source>
        <translation>Mobile top-up</translation>
    </message>
    <message>
        <source>China Mobile, Unicom, Telecom</source>
        <translation>China Mobile, Unicom, Telecom</translation>
    </message>
    <message>
        <source>Bill payment</source>
        <translation>Bill payment</translation>
    </message>
    <message>
        <source>Electricity, water, gas, broadband</source>
        <translation>Electricity, water, gas, broadband</translation>
    </message>
    <message>
        <source>Balance query</source>
        <translation>Balance query</translation>
    </message>
    <message>
        <source>Phone balance, free of charge</source>
        <translation>Phone balance, free of charge</translation>
    </message>
    <message>
        <source>Bill query</source>
        <translation>Bill query</translation>
    </message>
    <message>
        <source>Amount due, free of charge</source>
        <translation>Amount due, free of charge</translation>
    </message>
    <message>
        <source>We accept cash (banknotes) and bank cards. No change is given: any extra is kept for you as a credit.</source>
        <translation>We accept cash (banknotes) and bank cards. No change is given: any extra is kept for you as a credit.</translation>
    </message>
    <message>
        <source>Use a voucher</source>
        <translation>Use a voucher</translation>
    </message>
    <message>
        <source>Find my payment</source>
        <translation>Find my payment</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>Please follow the card terminal</source>
        <translation>Please follow the card terminal</translation>
    </message>
    <message>
        <source>Pay by bank card</source>
        <translation>Pay by bank card</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card on the terminal below the screen.</source>
        <translation>Insert, tap or swipe your card on the terminal below the screen.</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>Cancel payment</translation>
    </message>
</context>
<context>
    <name>CashScreen</name>
    <message>
        <source>%1 s left to insert the next note (each note or tap gives more time)</source>
        <translation>%1 s left to insert the next note (each note or tap gives more time)</translation>
    </message>
    <message>
        <source>Insert notes one at a time</source>
        <translation>Insert notes one at a time</translation>
    </message>
    <message>
        <source>Inserted so far</source>
        <translation>Inserted so far</translation>
    </message>
    <message>
        <source>Confirm top-up</source>
        <translation>Confirm top-up</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>Confirm payment</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>Please check and choose how to pay</source>
        <translation>Please check and choose how to pay</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>How would you like to pay?</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>Scan to pay</source>
        <translation>Scan to pay</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
</context>
<context>
    <name>ControlWindow</name>
    <message>
        <source>Demo: emulated devices</source>
        <translation>Demo: emulated devices</translation>
    </message>
    <message>
        <source>Bill validator (CCNET)</source>
        <translation>Bill validator (CCNET)</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Jam</translation>
    </message>
    <message>
        <source>Clear jam</source>
        <translation>Clear jam</translation>
    </message>
    <message>
        <source>Remove cassette</source>
        <translation>Remove cassette</translation>
    </message>
    <message>
        <source>Insert cassette</source>
        <translation>Insert cassette</translation>
    </message>
    <message>
        <source>Card terminal (ZVT)</source>
        <translation>Card terminal (ZVT)</translation>
    </message>
    <message>
        <source>Next card: approve</source>
        <translation>Next card: approve</translation>
    </message>
    <message>
        <source>Next card: decline</source>
        <translation>Next card: decline</translation>
    </message>
    <message>
        <source>Receipt printer (ESC/POS)</source>
        <translation>Receipt printer (ESC/POS)</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>Paper out</translation>
    </message>
    <message>
        <source>Paper loaded</source>
        <translation>Paper loaded</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Network down</source>
        <translation>Network down</translation>
    </message>
    <message>
        <source>Network up</source>
        <translation>Network up</translation>
    </message>
    <message>
        <source>QR scanner and wallet</source>
        <translation>QR scanner and wallet</translation>
    </message>
    <message>
        <source>Scan code: pays</source>
        <translation>Scan code: pays</translation>
    </message>
    <message>
        <source>Scan code: confirm on phone</source>
        <translation>Scan code: confirm on phone</translation>
    </message>
    <message>
        <source>Scan code: never confirmed</source>
        <translation>Scan code: never confirmed</translation>
    </message>
    <message>
        <source>Scan code: no balance</source>
        <translation>Scan code: no balance</translation>
    </message>
    <message>
        <source>Pay the code on screen</source>
        <translation>Pay the code on screen</translation>
    </message>
    <message>
        <source>Pay it after it closed</source>
        <translation>Pay it after it closed</translation>
    </message>
    <message>
        <source>Unplug scanner</source>
        <translation>Unplug scanner</translation>
    </message>
    <message>
        <source>Plug scanner in</source>
        <translation>Plug scanner in</translation>
    </message>
</context>
<context>
    <name>CustomerFlow</name>
    <message>
        <source>Network is down: cash top-up and cash bill payment still work; card and QR payment and queries are paused.</source>
        <translation>Network is down: cash top-up and cash bill payment still work; card and QR payment and queries are paused.</translation>
    </message>
    <message>
        <source>Mobile top-up</source>
        <translation>Mobile top-up</translation>
    </message>
    <message>
        <source>Balance query</source>
        <translation>Balance query</translation>
    </message>
    <message>
        <source>Enter the mobile number</source>
        <translation>Enter the mobile number</translation>
    </message>
    <message>
        <source>11 digits, e.g. 138 0013 8000</source>
        <translation>11 digits, e.g. 138 0013 8000</translation>
    </message>
    <message>
        <source>%1 more digits</source>
        <translation>%1 more digits</translation>
    </message>
    <message>
        <source>Asking your operator…</source>
        <translation>Asking your operator…</translation>
    </message>
    <message>
        <source>Over the limit right now</source>
        <translation>Over the limit right now</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>Choose an amount</translation>
    </message>
    <message>
        <source>Checking the number…</source>
        <translation>Checking the number…</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>Other amount</translation>
    </message>
    <message>
        <source>Top-up for %1 (%2). Wrong number? Press Back.</source>
        <translation>Top-up for %1 (%2). Wrong number? Press Back.</translation>
    </message>
    <message>
        <source>Bill payment</source>
        <translation>Bill payment</translation>
    </message>
    <message>
        <source>Bill query</source>
        <translation>Bill query</translation>
    </message>
    <message>
        <source>Choose the company</source>
        <translation>Choose the company</translation>
    </message>
    <message>
        <source>No billers available yet: the kiosk has not received the list from the server.</source>
        <translation>No billers available yet: the kiosk has not received the list from the server.</translation>
    </message>
    <message>
        <source>Enter the account number printed on your bill</source>
        <translation>Enter the account number printed on your bill</translation>
    </message>
    <message>
        <source>Account number looks right</source>
        <translation>Account number looks right</translation>
    </message>
    <message>
        <source>Looking up your bill…</source>
        <translation>Looking up your bill…</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>What you insert (cash only)</source>
        <translation>What you insert (cash only)</translation>
    </message>
    <message>
        <source>Card needs a fixed amount</source>
        <translation>Card needs a fixed amount</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Your balance</source>
        <translation>Your balance</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Cash only</source>
        <translation>Cash only</translation>
    </message>
    <message>
        <source>Top up now</source>
        <translation>Top up now</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>This account has no open bill to pay. Check the account number on your bill, or come back when the next bill is out.</source>
        <translation>This account has no open bill to pay. Check the account number on your bill, or come back when the next bill is out.</translation>
    </message>
    <message>
        <source>Re-enter</source>
        <translation>Re-enter</translation>
    </message>
    <message>
        <source>Your bill</source>
        <translation>Your bill</translation>
    </message>
    <message>
        <source>Pay now</source>
        <translation>Pay now</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <source>No money has been taken.</source>
        <translation>No money has been taken.</translation>
    </message>
    <message>
        <source>QR payment needs a fixed amount</source>
        <translation>QR payment needs a fixed amount</translation>
    </message>
    <message>
        <source>Pay the same again?</source>
        <translation>Pay the same again?</translation>
    </message>
    <message>
        <source>The same account was paid the same amount at %1. Pay again?</source>
        <translation>The same account was paid the same amount at %1. Pay again?</translation>
    </message>
    <message>
        <source>Yes, pay again</source>
        <translation>Yes, pay again</translation>
    </message>
    <message>
        <source>No, back to the start</source>
        <translation>No, back to the start</translation>
    </message>
    <message>
        <source>Use a voucher</source>
        <translation>Use a voucher</translation>
    </message>
    <message>
        <source>Enter the 16-digit code printed on your voucher</source>
        <translation>Enter the 16-digit code printed on your voucher</translation>
    </message>
    <message>
        <source>Enter the 16-digit code printed on your voucher, or hold the voucher's QR code under the scanner</source>
        <translation>Enter the 16-digit code printed on your voucher, or hold the voucher's QR code under the scanner</translation>
    </message>
    <message>
        <source>This code is not right, please check it</source>
        <translation>This code is not right, please check it</translation>
    </message>
    <message>
        <source>Code looks right</source>
        <translation>Code looks right</translation>
    </message>
    <message>
        <source>Checking the voucher…</source>
        <translation>Checking the voucher…</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>Still to pay</translation>
    </message>
    <message>
        <source>Network down</source>
        <translation>Network down</translation>
    </message>
    <message>
        <source>Credited within %1 h</source>
        <translation>Credited within %1 h</translation>
    </message>
    <message>
        <source>No paper: your receipt will be a QR code on screen.</source>
        <translation>No paper: your receipt will be a QR code on screen.</translation>
    </message>
    <message>
        <source>Code %1. Choose what to pay with it; what is not used stays on the code.</source>
        <translation>Code %1. Choose what to pay with it; what is not used stays on the code.</translation>
    </message>
    <message>
        <source>This voucher holds %1</source>
        <translation>This voucher holds %1</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Mobile top-up</source>
        <translation>Mobile top-up</translation>
    </message>
    <message>
        <source>Enter the mobile number to top up</source>
        <translation>Enter the mobile number to top up</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>Choose an amount</translation>
    </message>
    <message>
        <source>Over the offline limit</source>
        <translation>Over the offline limit</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>China Mobile</source>
        <translation>China Mobile</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Card payment needs the network</source>
        <translation>Card payment needs the network</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Note accepted</source>
        <translation>Note accepted</translation>
    </message>
    <message>
        <source>Payment successful</source>
        <translation>Payment successful</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Scan for your receipt</source>
        <translation>Scan for your receipt</translation>
    </message>
    <message>
        <source>Your money is kept</source>
        <translation>Your money is kept</translation>
    </message>
    <message>
        <source>Use this code at any kiosk</source>
        <translation>Use this code at any kiosk</translation>
    </message>
    <message>
        <source>Offline: cash top-up still works</source>
        <translation>Offline: cash top-up still works</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
</context>
<context>
    <name>Inactivity</name>
    <message>
        <source>If you do not answer, the payment ends and any money you inserted is paid or kept for you as a credit.</source>
        <translation>If you do not answer, the payment ends and any money you inserted is paid or kept for you as a credit.</translation>
    </message>
    <message>
        <source>If you do not answer, the kiosk returns to the start. Nothing has been charged.</source>
        <translation>If you do not answer, the kiosk returns to the start. Nothing has been charged.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>⌫ Delete</source>
        <translation>⌫ Delete</translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <source>%1 batches closed; the latest first.</source>
        <translation>%1 batches closed; the latest first.</translation>
    </message>
    <message>
        <source>No batch closed yet.</source>
        <translation>No batch closed yet.</translation>
    </message>
    <message>
        <source>collection</source>
        <translation>collection</translation>
    </message>
    <message>
        <source>end of day</source>
        <translation>end of day</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>%1 payments</source>
        <translation>%1 payments</translation>
    </message>
    <message>
        <source>Settlement batches</source>
        <translation>Settlement batches</translation>
    </message>
    <message>
        <source>Close a batch now</source>
        <translation>Close a batch now</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Counted</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Difference in total: %1</source>
        <translation>Difference in total: %1</translation>
    </message>
    <message>
        <source>Difference in total: after the count</source>
        <translation>Difference in total: after the count</translation>
    </message>
    <message>
        <source>Cash collection</source>
        <translation>Cash collection</translation>
    </message>
    <message>
        <source>Touch a note, then type how many you counted. Each note shows expected → counted.</source>
        <translation>Touch a note, then type how many you counted. Each note shows expected → counted.</translation>
    </message>
    <message>
        <source>Same as expected</source>
        <translation>Same as expected</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>The count differs from the journal by %1. The difference is recorded and reported as it is.</source>
        <translation>The count differs from the journal by %1. The difference is recorded and reported as it is.</translation>
    </message>
    <message>
        <source>Check and confirm</source>
        <translation>Check and confirm</translation>
    </message>
    <message>
        <source>Confirm and print report</source>
        <translation>Confirm and print report</translation>
    </message>
    <message>
        <source>The report was printed.</source>
        <translation>The report was printed.</translation>
    </message>
    <message>
        <source>The report could not be printed: copy it from this screen.</source>
        <translation>The report could not be printed: copy it from this screen.</translation>
    </message>
    <message>
        <source>No printer: copy the report from this screen.</source>
        <translation>No printer: copy the report from this screen.</translation>
    </message>
    <message>
        <source>Collection recorded</source>
        <translation>Collection recorded</translation>
    </message>
    <message>
        <source>Back to the menu</source>
        <translation>Back to the menu</translation>
    </message>
    <message>
        <source>Staff login</source>
        <extracomment>Customer screens with money in flight: the hidden entry does nothing there.</extracomment>
        <translation>Staff login</translation>
    </message>
    <message>
        <source>No staff accounts yet: create one with kiosk users add --role admin.</source>
        <translation>No staff accounts yet: create one with kiosk users add --role admin.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: locked until %1.</source>
        <translation>Too many wrong PINs: locked until %1.</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 more tries before a lock.</source>
        <translation>Wrong PIN. %1 more tries before a lock.</translation>
    </message>
    <message>
        <source>Wrong PIN. Please try again.</source>
        <translation>Wrong PIN. Please try again.</translation>
    </message>
    <message>
        <source>Login is not possible right now.</source>
        <translation>Login is not possible right now.</translation>
    </message>
    <message>
        <source>Your role may not do this.</source>
        <translation>Your role may not do this.</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>Sync started…</source>
        <translation>Sync started…</translation>
    </message>
    <message>
        <source>Sync requested: records are sent in the background.</source>
        <translation>Sync requested: records are sent in the background.</translation>
    </message>
    <message>
        <source>Notes counted</source>
        <translation>Notes counted</translation>
    </message>
    <message>
        <source>Logged in: %1 (%2)</source>
        <translation>Logged in: %1 (%2)</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Maintenance menu</source>
        <translation>Maintenance menu</translation>
    </message>
    <message>
        <source>Device status</source>
        <translation>Device status</translation>
    </message>
    <message>
        <source>Live state, versions, errors</source>
        <translation>Live state, versions, errors</translation>
    </message>
    <message>
        <source>Device tests</source>
        <translation>Device tests</translation>
    </message>
    <message>
        <source>Validator, printer, card terminal</source>
        <translation>Validator, printer, card terminal</translation>
    </message>
    <message>
        <source>Queue and network</source>
        <translation>Queue and network</translation>
    </message>
    <message>
        <source>Unsent records, server, sync now</source>
        <translation>Unsent records, server, sync now</translation>
    </message>
    <message>
        <source>Count the cassette, print the report</source>
        <translation>Count the cassette, print the report</translation>
    </message>
    <message>
        <source>Closed batches and totals</source>
        <translation>Closed batches and totals</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Stop or resume customer payments</source>
        <translation>Stop or resume customer payments</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Cash collector</source>
        <translation>Cash collector</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Enter your staff number</source>
        <translation>Enter your staff number</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Staff number %1</source>
        <translation>Staff number %1</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>Enter your PIN</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Device repair</source>
        <translation>Device repair</translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation>Network problem</translation>
    </message>
    <message>
        <source>In service: customers can pay.</source>
        <translation>In service: customers can pay.</translation>
    </message>
    <message>
        <source>Out of service: no payments.</source>
        <translation>Out of service: no payments.</translation>
    </message>
    <message>
        <source>Choose why to stop customer payments:</source>
        <translation>Choose why to stop customer payments:</translation>
    </message>
    <message>
        <source>Put back in service</source>
        <translation>Put back in service</translation>
    </message>
    <message>
        <source>Note acceptor</source>
        <translation>Note acceptor</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>Card terminal</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>FAULT: %1</source>
        <translation>FAULT: %1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>In service</translation>
    </message>
    <message>
        <source>Disk free</source>
        <translation>Disk free</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>Enable notes</source>
        <translation>Enable notes</translation>
    </message>
    <message>
        <source>Disable notes</source>
        <translation>Disable notes</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <source>Check paper</source>
        <translation>Check paper</translation>
    </message>
    <message>
        <source>Register terminal</source>
        <translation>Register terminal</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>Records waiting</source>
        <translation>Records waiting</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>Oldest waiting</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>Last success</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Note jam</source>
        <translation>Note jam</translation>
    </message>
    <message>
        <source>Cash box full</source>
        <translation>Cash box full</translation>
    </message>
    <message>
        <source>Cash box removed</source>
        <translation>Cash box removed</translation>
    </message>
    <message>
        <source>Device failure</source>
        <translation>Device failure</translation>
    </message>
    <message>
        <source>Tampering detected</source>
        <translation>Tampering detected</translation>
    </message>
    <message>
        <source>Ready, notes off</source>
        <translation>Ready, notes off</translation>
    </message>
    <message>
        <source>Ready, taking notes</source>
        <translation>Ready, taking notes</translation>
    </message>
    <message>
        <source>Taking a note</source>
        <translation>Taking a note</translation>
    </message>
    <message>
        <source>Returning a note</source>
        <translation>Returning a note</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Starting</translation>
    </message>
    <message>
        <source>Paper low</source>
        <translation>Paper low</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>Paper out</translation>
    </message>
    <message>
        <source>Paper loaded</source>
        <translation>Paper loaded</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>State unknown</source>
        <translation>State unknown</translation>
    </message>
    <message>
        <source>notes stacked</source>
        <translation>notes stacked</translation>
    </message>
    <message>
        <source>timeouts</source>
        <translation>timeouts</translation>
    </message>
    <message>
        <source>reconnects</source>
        <translation>reconnects</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>errors</translation>
    </message>
    <message>
        <source>Notes on: %1</source>
        <translation>Notes on: %1</translation>
    </message>
    <message>
        <source>Head office</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Storage</translation>
    </message>
    <message>
        <source>%1 parked: the server refused them; sync continues with the rest</source>
        <translation>%1 parked: the server refused them; sync continues with the rest</translation>
    </message>
    <message>
        <source>Retry parked</source>
        <translation>Retry parked</translation>
    </message>
    <message>
        <source>Parked records are back in the queue.</source>
        <translation>Parked records are back in the queue.</translation>
    </message>
    <message>
        <source>online, %1 parked</source>
        <translation>online, %1 parked</translation>
    </message>
</context>
<context>
    <name>NumberEntryScreen</name>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Reason: maintenance</source>
        <translation>Reason: maintenance</translation>
    </message>
    <message>
        <source>Reason: the note acceptor needs service</source>
        <translation>Reason: the note acceptor needs service</translation>
    </message>
    <message>
        <source>Reason: the card terminal needs service</source>
        <translation>Reason: the card terminal needs service</translation>
    </message>
    <message>
        <source>Reason: the receipt printer needs service</source>
        <translation>Reason: the receipt printer needs service</translation>
    </message>
    <message>
        <source>Reason: a device needs service</source>
        <translation>Reason: a device needs service</translation>
    </message>
    <message>
        <source>Reason: a technical fault</source>
        <translation>Reason: a technical fault</translation>
    </message>
    <message>
        <source>Temporarily out of service</source>
        <translation>Temporarily out of service</translation>
    </message>
    <message>
        <source>Sorry, this kiosk cannot take payments right now. No money has been taken. Please use another kiosk or come back later.</source>
        <translation>Sorry, this kiosk cannot take payments right now. No money has been taken. Please use another kiosk or come back later.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>PaymentView</name>
    <message>
        <source>Note accepted</source>
        <translation>Note accepted</translation>
    </message>
    <message>
        <source>Note returned: %1</source>
        <translation>Note returned: %1</translation>
    </message>
    <message>
        <source>Note not accepted, please try another</source>
        <translation>Note not accepted, please try another</translation>
    </message>
    <message>
        <source>Confirming your payment with the bank…</source>
        <translation>Confirming your payment with the bank…</translation>
    </message>
    <message>
        <source>Your card was declined. No money was taken. You can try again, use another card or pay cash.</source>
        <translation>Your card was declined. No money was taken. You can try again, use another card or pay cash.</translation>
    </message>
    <message>
        <source>Total to pay</source>
        <translation>Total to pay</translation>
    </message>
    <message>
        <source>Inserted</source>
        <translation>Inserted</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Accepted notes: %1</source>
        <translation>Accepted notes: %1</translation>
    </message>
    <message>
        <source>none right now</source>
        <translation>none right now</translation>
    </message>
    <message>
        <source>You can insert up to %1 more</source>
        <translation>You can insert up to %1 more</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card</source>
        <translation>Insert, tap or swipe your card</translation>
    </message>
    <message>
        <source>Enter your PIN on the terminal</source>
        <translation>Enter your PIN on the terminal</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>Please take your card</source>
        <translation>Please take your card</translation>
    </message>
    <message>
        <source>Please follow the card terminal</source>
        <translation>Please follow the card terminal</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Your payment is recorded and will be settled. Please keep this screen's reference and call staff.</source>
        <translation>Your payment is recorded and will be settled. Please keep this screen's reference and call staff.</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <source>A note is stuck in the bill validator, so the payment stopped.</source>
        <translation>A note is stuck in the bill validator, so the payment stopped.</translation>
    </message>
    <message>
        <source>The bill validator stopped working, so the payment stopped.</source>
        <translation>The bill validator stopped working, so the payment stopped.</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Please tell staff; this kiosk is now out of service.</source>
        <translation>Please tell staff; this kiosk is now out of service.</translation>
    </message>
    <message>
        <source>Topped up</source>
        <translation>Topped up</translation>
    </message>
    <message>
        <source>Top-up successful</source>
        <translation>Top-up successful</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>The extra %1 is kept as a change voucher: enter this code at any of our kiosks.</source>
        <translation>The extra %1 is kept as a change voucher: enter this code at any of our kiosks.</translation>
    </message>
    <message>
        <source>Your money is kept</source>
        <translation>Your money is kept</translation>
    </message>
    <message>
        <source>Your note was counted</source>
        <translation>Your note was counted</translation>
    </message>
    <message>
        <source>A %1 note reached the cassette after your payment ended. It is kept for you as a change voucher: enter this code at any of our kiosks.</source>
        <translation>A %1 note reached the cassette after your payment ended. It is kept for you as a change voucher: enter this code at any of our kiosks.</translation>
    </message>
    <message>
        <source>Scan this code to keep your receipt.</source>
        <translation>Scan this code to keep your receipt.</translation>
    </message>
    <message>
        <source>Payment cancelled</source>
        <translation>Payment cancelled</translation>
    </message>
    <message>
        <source>No money was taken.</source>
        <translation>No money was taken.</translation>
    </message>
    <message>
        <source>Bill paid</source>
        <translation>Bill paid</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Payment stopped</source>
        <translation>Payment stopped</translation>
    </message>
    <message>
        <source>The %1 you inserted was topped up.</source>
        <translation>The %1 you inserted was topped up.</translation>
    </message>
    <message>
        <source>The %1 you inserted was paid.</source>
        <translation>The %1 you inserted was paid.</translation>
    </message>
    <message>
        <source>The payment could not be made. Your %1 is not lost: it is kept as a change voucher. Enter its code at any of our kiosks to use it.</source>
        <translation>The payment could not be made. Your %1 is not lost: it is kept as a change voucher. Enter its code at any of our kiosks to use it.</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>Payment failed</translation>
    </message>
    <message>
        <source>The card payment was reversed: no money was taken from your account.</source>
        <translation>The card payment was reversed: no money was taken from your account.</translation>
    </message>
    <message>
        <source>Your payment is recorded; staff will settle it. Keep the reference.</source>
        <translation>Your payment is recorded; staff will settle it. Keep the reference.</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>Please take your receipt.</translation>
    </message>
    <message>
        <source>The printer cannot print now: scan this code to keep your receipt.</source>
        <translation>The printer cannot print now: scan this code to keep your receipt.</translation>
    </message>
    <message>
        <source>Your QR payment is being checked</source>
        <translation>Your QR payment is being checked</translation>
    </message>
    <message>
        <source>The bank has not answered yet. If money was taken, your top-up or bill payment is made, or the money goes back to your wallet, automatically. You do not need to wait.</source>
        <translation>The bank has not answered yet. If money was taken, your top-up or bill payment is made, or the money goes back to your wallet, automatically. You do not need to wait.</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>Paid with</translation>
    </message>
    <message>
        <source>Your QR payment is refunded to your wallet.</source>
        <translation>Your QR payment is refunded to your wallet.</translation>
    </message>
    <message>
        <source>Pay %1 now</source>
        <translation>Pay %1 now</translation>
    </message>
    <message>
        <source>Complete the payment with the money inserted</source>
        <translation>Complete the payment with the money inserted</translation>
    </message>
    <message>
        <source>Keep %1 as a voucher</source>
        <translation>Keep %1 as a voucher</translation>
    </message>
    <message>
        <source>Nothing is paid now; use the code at any of our kiosks</source>
        <translation>Nothing is paid now; use the code at any of our kiosks</translation>
    </message>
    <message>
        <source>Continue paying</source>
        <translation>Continue paying</translation>
    </message>
    <message>
        <source>Back to inserting money</source>
        <translation>Back to inserting money</translation>
    </message>
    <message>
        <source>You have inserted %1</source>
        <translation>You have inserted %1</translation>
    </message>
    <message>
        <source>This kiosk does not give cash back. Please choose:</source>
        <translation>This kiosk does not give cash back. Please choose:</translation>
    </message>
    <message>
        <source>This kiosk does not give cash back; any excess is credited to your account or kept as a voucher, as you choose.</source>
        <translation>This kiosk does not give cash back; any excess is credited to your account or kept as a voucher, as you choose.</translation>
    </message>
    <message>
        <source>Overpayment is credited to the account.</source>
        <translation>Overpayment is credited to the account.</translation>
    </message>
    <message>
        <source>Change is given as a voucher code.</source>
        <translation>Change is given as a voucher code.</translation>
    </message>
    <message>
        <source>Voucher used</source>
        <translation>Voucher used</translation>
    </message>
    <message>
        <source>Left on the voucher</source>
        <translation>Left on the voucher</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>Payment accepted</translation>
    </message>
    <message>
        <source>Network down: credited within %1 h.</source>
        <translation>Network down: credited within %1 h.</translation>
    </message>
</context>
<context>
    <name>ProcessingScreen</name>
    <message>
        <source>Processing, please wait…</source>
        <translation>Processing, please wait…</translation>
    </message>
    <message>
        <source>Do not leave the kiosk.</source>
        <translation>Do not leave the kiosk.</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>The note acceptor is out of order</source>
        <translation>The note acceptor is out of order</translation>
    </message>
    <message>
        <source>The card terminal is out of order</source>
        <translation>The card terminal is out of order</translation>
    </message>
    <message>
        <source>Card payment needs the network</source>
        <translation>Card payment needs the network</translation>
    </message>
    <message>
        <source>Cash is paused until the network is back</source>
        <translation>Cash is paused until the network is back</translation>
    </message>
    <message>
        <source>Not available while the network is down</source>
        <translation>Not available while the network is down</translation>
    </message>
    <message>
        <source>A mobile number has 11 digits and starts with 13 to 19</source>
        <translation>A mobile number has 11 digits and starts with 13 to 19</translation>
    </message>
    <message>
        <source>This number's operator is not served here</source>
        <translation>This number's operator is not served here</translation>
    </message>
    <message>
        <source>This number cannot be topped up</source>
        <translation>This number cannot be topped up</translation>
    </message>
    <message>
        <source>The account number has %1 digits</source>
        <translation>The account number has %1 digits</translation>
    </message>
    <message>
        <source>This account number is not valid, please check it</source>
        <translation>This account number is not valid, please check it</translation>
    </message>
    <message>
        <source>Nothing is due on this account</source>
        <translation>Nothing is due on this account</translation>
    </message>
    <message>
        <source>This number was not found, please check it and enter it again</source>
        <translation>This number was not found, please check it and enter it again</translation>
    </message>
    <message>
        <source>This account was not found, please check it and enter it again</source>
        <translation>This account was not found, please check it and enter it again</translation>
    </message>
    <message>
        <source>The card payment was declined</source>
        <translation>The card payment was declined</translation>
    </message>
    <message>
        <source>The amount is over the limit for one payment</source>
        <translation>The amount is over the limit for one payment</translation>
    </message>
    <message>
        <source>A note is stuck in the acceptor</source>
        <translation>A note is stuck in the acceptor</translation>
    </message>
    <message>
        <source>The cash box is not ready</source>
        <translation>The cash box is not ready</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Not available right now</source>
        <translation>Not available right now</translation>
    </message>
    <message>
        <source>China Mobile</source>
        <translation>China Mobile</translation>
    </message>
    <message>
        <source>China Unicom</source>
        <translation>China Unicom</translation>
    </message>
    <message>
        <source>China Telecom</source>
        <translation>China Telecom</translation>
    </message>
    <message>
        <source>QR payment needs the network</source>
        <translation>QR payment needs the network</translation>
    </message>
    <message>
        <source>The code scanner is out of order</source>
        <translation>The code scanner is out of order</translation>
    </message>
    <message>
        <source>QR payment is not offered at this kiosk</source>
        <translation>QR payment is not offered at this kiosk</translation>
    </message>
    <message>
        <source>This voucher code is not right, please check it</source>
        <translation>This voucher code is not right, please check it</translation>
    </message>
    <message>
        <source>This voucher code is not known</source>
        <translation>This voucher code is not known</translation>
    </message>
    <message>
        <source>This voucher has already been used</source>
        <translation>This voucher has already been used</translation>
    </message>
    <message>
        <source>This voucher is being used at another kiosk; try again in a few minutes</source>
        <translation>This voucher is being used at another kiosk; try again in a few minutes</translation>
    </message>
    <message>
        <source>This voucher has expired</source>
        <translation>This voucher has expired</translation>
    </message>
    <message>
        <source>This voucher is being refunded at the service hall</source>
        <translation>This voucher is being refunded at the service hall</translation>
    </message>
    <message>
        <source>Too many attempts; please try again later</source>
        <translation>Too many attempts; please try again later</translation>
    </message>
    <message>
        <source>While the network is down only vouchers from this kiosk can be used</source>
        <translation>While the network is down only vouchers from this kiosk can be used</translation>
    </message>
    <message>
        <source>This voucher cannot be used for this payment</source>
        <translation>This voucher cannot be used for this payment</translation>
    </message>
    <message>
        <source>Cash is paused until the kiosk has sent its records</source>
        <translation>Cash is paused until the kiosk has sent its records</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>StartupScreen</name>
    <message>
        <source>Checking devices</source>
        <translation>Checking devices</translation>
    </message>
    <message>
        <source>Resolving unfinished payments</source>
        <translation>Resolving unfinished payments</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Please wait a moment, the kiosk is getting ready.</source>
        <translation>Please wait a moment, the kiosk is getting ready.</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>Cannot start</translation>
    </message>
    <message>
        <source>This kiosk is out of service. No money has been taken. Staff: the reason is shown below.</source>
        <translation>This kiosk is out of service. No money has been taken. Staff: the reason is shown below.</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>I need more time</source>
        <translation>I need more time</translation>
    </message>
    <message>
        <source>End now</source>
        <translation>End now</translation>
    </message>
</context>
<context>
    <name>QrScreen</name>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>UnionPay QR</source>
        <translation>UnionPay QR</translation>
    </message>
    <message>
        <source>Accepted: %1</source>
        <translation>Accepted: %1</translation>
    </message>
    <message>
        <source>Your payment arrived after the code had expired. It is being refunded to your wallet automatically.</source>
        <translation>Your payment arrived after the code had expired. It is being refunded to your wallet automatically.</translation>
    </message>
    <message>
        <source>Not enough balance. Choose another card in the wallet app, then scan again.</source>
        <translation>Not enough balance. Choose another card in the wallet app, then scan again.</translation>
    </message>
    <message>
        <source>This card cannot be used. Choose another card in the wallet app.</source>
        <translation>This card cannot be used. Choose another card in the wallet app.</translation>
    </message>
    <message>
        <source>The payment code has expired. Refresh it in the wallet app and scan again.</source>
        <translation>The payment code has expired. Refresh it in the wallet app and scan again.</translation>
    </message>
    <message>
        <source>This payment code was already used. Refresh it in the wallet app and scan again.</source>
        <translation>This payment code was already used. Refresh it in the wallet app and scan again.</translation>
    </message>
    <message>
        <source>This is not a payment code we accept. Open the payment code (付款码) in the wallet app.</source>
        <translation>This is not a payment code we accept. Open the payment code (付款码) in the wallet app.</translation>
    </message>
    <message>
        <source>This wallet is not accepted at this kiosk.</source>
        <translation>This wallet is not accepted at this kiosk.</translation>
    </message>
    <message>
        <source>The payment was declined. Please choose another way to pay.</source>
        <translation>The payment was declined. Please choose another way to pay.</translation>
    </message>
    <message>
        <source>The payment was not confirmed on the phone in time.</source>
        <translation>The payment was not confirmed on the phone in time.</translation>
    </message>
    <message>
        <source>The QR code has expired.</source>
        <translation>The QR code has expired.</translation>
    </message>
    <message>
        <source>The network is too slow right now.</source>
        <translation>The network is too slow right now.</translation>
    </message>
    <message>
        <source>The scanner is not working. Please scan the code on the screen with your phone instead.</source>
        <translation>The scanner is not working. Please scan the code on the screen with your phone instead.</translation>
    </message>
    <message>
        <source>The payment was not completed.</source>
        <translation>The payment was not completed.</translation>
    </message>
    <message>
        <source>No money was taken.</source>
        <translation>No money was taken.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Pay by QR code</source>
        <translation>Pay by QR code</translation>
    </message>
    <message>
        <source>How would you like to scan?</source>
        <translation>How would you like to scan?</translation>
    </message>
    <message>
        <source>Show your payment code</source>
        <translation>Show your payment code</translation>
    </message>
    <message>
        <source>Hold your payment code (付款码) under the scanner</source>
        <translation>Hold your payment code (付款码) under the scanner</translation>
    </message>
    <message>
        <source>In WeChat: Me &gt; Pay and Collect. %1</source>
        <translation>In WeChat: Me &gt; Pay and Collect. %1</translation>
    </message>
    <message>
        <source>Paying, please wait…</source>
        <translation>Paying, please wait…</translation>
    </message>
    <message>
        <source>Do not close the wallet app.</source>
        <translation>Do not close the wallet app.</translation>
    </message>
    <message>
        <source>Please confirm the payment on your phone</source>
        <translation>Please confirm the payment on your phone</translation>
    </message>
    <message>
        <source>Enter your payment password in the wallet app.</source>
        <translation>Enter your payment password in the wallet app.</translation>
    </message>
    <message>
        <source>Scan this code with your phone</source>
        <translation>Scan this code with your phone</translation>
    </message>
    <message>
        <source>Open the wallet app, tap Scan and pay</source>
        <translation>Open the wallet app, tap Scan and pay</translation>
    </message>
    <message>
        <source>Stopping the payment…</source>
        <translation>Stopping the payment…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message>
        <source>Payment not made</source>
        <translation>Payment not made</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>Payment code</translation>
    </message>
    <message>
        <source>Scan a code with my phone</source>
        <translation>Scan a code with my phone</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Other ways to pay</source>
        <translation>Other ways to pay</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>Cancel payment</translation>
    </message>
</context>
<context>
    <name>FindPayment</name>
    <message>
        <source>Find my payment</source>
        <translation>Find my payment</translation>
    </message>
    <message>
        <source>Type the reference number printed on your receipt, or hold the receipt's QR code under the scanner.</source>
        <translation>Type the reference number printed on your receipt, or hold the receipt's QR code under the scanner.</translation>
    </message>
    <message>
        <source>Type the reference number printed on your receipt.</source>
        <translation>Type the reference number printed on your receipt.</translation>
    </message>
    <message>
        <source>All the digits, e.g. 42-955975: the dash comes by itself</source>
        <translation>All the digits, e.g. 42-955975: the dash comes by itself</translation>
    </message>
    <message>
        <source>Looking for your payment…</source>
        <translation>Looking for your payment…</translation>
    </message>
    <message>
        <source>Too many wrong numbers. Please wait %1 seconds, then try again.</source>
        <translation>Too many wrong numbers. Please wait %1 seconds, then try again.</translation>
    </message>
    <message>
        <source>This code is not a receipt from this kiosk.</source>
        <translation>This code is not a receipt from this kiosk.</translation>
    </message>
    <message>
        <source>No payment with this number at this kiosk. Please check the number on your receipt.</source>
        <translation>No payment with this number at this kiosk. Please check the number on your receipt.</translation>
    </message>
    <message>
        <source>The receipt cannot be printed again now.</source>
        <translation>The receipt cannot be printed again now.</translation>
    </message>
    <message>
        <source>Money beyond the amount was kept as a change voucher: enter its code at any of our kiosks.</source>
        <translation>Money beyond the amount was kept as a change voucher: enter its code at any of our kiosks.</translation>
    </message>
    <message>
        <source>Not paid: kept as a change voucher</source>
        <translation>Not paid: kept as a change voucher</translation>
    </message>
    <message>
        <source>The payment was not made. Your %1 is not lost: it is kept as a change voucher. Enter its code at any of our kiosks.</source>
        <translation>The payment was not made. Your %1 is not lost: it is kept as a change voucher. Enter its code at any of our kiosks.</translation>
    </message>
    <message>
        <source>The payment was not made: the card payment was reversed, or the wallet payment refunded.</source>
        <translation>The payment was not made: the card payment was reversed, or the wallet payment refunded.</translation>
    </message>
    <message>
        <source>Still being processed</source>
        <translation>Still being processed</translation>
    </message>
    <message>
        <source>This payment has not finished yet; the kiosk completes it by itself. Please look again in a few minutes.</source>
        <translation>This payment has not finished yet; the kiosk completes it by itself. Please look again in a few minutes.</translation>
    </message>
    <message>
        <source>Mobile top-up</source>
        <translation>Mobile top-up</translation>
    </message>
    <message>
        <source>Bill payment</source>
        <translation>Bill payment</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Not yet sent</source>
        <translation>Not yet sent</translation>
    </message>
    <message>
        <source>Late note %1, voucher</source>
        <translation>Late note %1, voucher</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>Reprint receipt</translation>
    </message>
</context>
<context>
    <name>PaymentStatusScreen</name>
    <message>
        <source>Back to the start</source>
        <translation>Back to the start</translation>
    </message>
</context>
</TS>
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
        <source>Insert notes one at a time</source>
        <translation>Insert notes one at a time</translation>
    </message>
    <message>
        <source>Inserted so far</source>
        <translation>Inserted so far</translation>
    </message>
    <message>
        <source>Finish and pay</source>
        <translation>Finish and pay</translation>
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
</context>
<context>
    <name>CustomerFlow</name>
    <message>
        <source>Network is down: cash top-up and cash bill payment still work; card payment and queries are paused.</source>
        <translation>Network is down: cash top-up and cash bill payment still work; card payment and queries are paused.</translation>
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
        <source>Amount due</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Your bill</source>
        <translation>Your bill</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <source>No money has been taken.</source>
        <translation>No money has been taken.</translation>
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
        <source>Bill validator: jam</source>
        <translation>Bill validator: jam</translation>
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
    <name>NumberEntryScreen</name>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
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
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Payment successful</source>
        <translation>Payment successful</translation>
    </message>
    <message>
        <source>Your money is kept</source>
        <translation>Your money is kept</translation>
    </message>
    <message>
        <source>The payment could not be made. Your %1 is kept as a credit: enter this code at any of our kiosks to use it.</source>
        <translation>The payment could not be made. Your %1 is kept as a credit: enter this code at any of our kiosks to use it.</translation>
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
        <source>The extra %1 is kept as a credit: enter this code at any of our kiosks.</source>
        <translation>The extra %1 is kept as a credit: enter this code at any of our kiosks.</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>Please take your receipt.</translation>
    </message>
    <message>
        <source>The printer cannot print now: scan this code to keep your receipt.</source>
        <translation>The printer cannot print now: scan this code to keep your receipt.</translation>
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
        <source>This account was not found</source>
        <translation>This account was not found</translation>
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
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Done</source>
        <translation>Done</translation>
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
</TS>
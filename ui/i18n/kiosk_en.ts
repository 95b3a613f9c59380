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
        <source>We accept cash (10, 20, 50, 100 yuan notes) and bank cards.</source>
        <translation>We accept cash (10, 20, 50, 100 yuan notes) and bank cards.</translation>
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
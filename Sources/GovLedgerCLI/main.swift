import GovLedger

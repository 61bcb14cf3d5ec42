/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The H.248.1 version 3 text-encoding keywords (Annex B ABNF), each with
 * its long and its short spelling.  Keywords are case-insensitive.  Where
 * the ABNF allows a second long or short spelling (SPADirection/Direction,
 * SPARequestID/RequestID, InService/IV) the table holds one row per
 * spelling, the preferred one first, so that the encoder writes it.
 */
#ifndef MEDIASEC_H248_TOKENS_H
#define MEDIASEC_H248_TOKENS_H

/* X(enum suffix, long form, short form) */
#define H248_TOKEN_LIST(X)						\
	X(ADD, "Add", "A")						\
	X(AND_LGC, "ANDLgc", "ANDLgc")					\
	X(AUDIT, "Audit", "AT")						\
	X(AUDIT_CAP, "AuditCapability", "AC")				\
	X(AUDIT_VALUE, "AuditValue", "AV")				\
	X(AUTH, "Authentication", "AU")					\
	X(BOTH, "Both", "B")						\
	X(BOTHWAY, "Bothway", "BW")					\
	X(BRIEF, "Brief", "BR")						\
	X(BUFFER, "Buffer", "BF")					\
	X(CONTEXT, "Context", "C")					\
	X(CONTEXT_ATTR, "ContextAttr", "CT")				\
	X(CONTEXT_LIST, "ContextList", "CLT")				\
	X(CONTEXT_AUDIT, "ContextAudit", "CA")				\
	X(DIGIT_MAP, "DigitMap", "DM")					\
	X(DIRECTION, "SPADirection", "SPADI")				\
	X(DIRECTION_OLD, "Direction", "DI")				\
	X(DISCARD, "Discard", "DS")					\
	X(DISCONNECTED, "Disconnected", "DC")				\
	X(DELAY, "Delay", "DL")						\
	X(DELETE, "Delete", "DE")					\
	X(DURATION, "Duration", "DR")					\
	X(EMBED, "Embed", "EM")						\
	X(EMERGENCY, "Emergency", "EG")					\
	X(EMERGENCY_OFF, "EmergencyOff", "EGO")				\
	X(EMERGENCY_VALUE, "EmergencyValue", "EGV")			\
	X(ERROR, "Error", "ER")						\
	X(EVENT_BUFFER, "EventBuffer", "EB")				\
	X(EVENTS, "Events", "E")					\
	X(EXTERNAL, "External", "EX")					\
	X(FAILOVER, "Failover", "FL")					\
	X(FORCED, "Forced", "FO")					\
	X(GRACEFUL, "Graceful", "GR")					\
	X(H221, "H221", "H221")						\
	X(H223, "H223", "H223")						\
	X(H226, "H226", "H226")						\
	X(HANDOFF, "HandOff", "HO")					\
	X(IEPS, "IEPSCall", "IEPS")					\
	X(INACTIVE, "Inactive", "IN")					\
	X(INTERNAL, "Internal", "IT")					\
	X(IMM_ACK_REQUIRED, "ImmAckRequired", "IA")			\
	X(IN_SERVICE, "InService", "IV")				\
	X(INTERSIGNAL, "Intersignal", "SPAIS")				\
	X(INT_BY_EVENT, "IntByEvent", "IBE")				\
	X(INT_BY_SIG_DESCR, "IntBySigDescr", "IBS")			\
	X(ISOLATE, "Isolate", "IS")					\
	X(ITERATION, "Iteration", "IR")					\
	X(KEEP_ACTIVE, "KeepActive", "KA")				\
	X(LOCAL, "Local", "L")						\
	X(LOCAL_CONTROL, "LocalControl", "O")				\
	X(LOCKSTEP, "LockStep", "SP")					\
	X(LOOPBACK, "Loopback", "LB")					\
	X(MEDIA, "Media", "M")						\
	X(MEGACO, "MEGACO", "!")					\
	X(SEGMENT, "Segment", "SM")					\
	X(METHOD, "Method", "MT")					\
	X(MTP, "MTP", "MTP")						\
	X(MGC_ID, "MgcIdToTry", "MG")					\
	X(MODE, "Mode", "MO")						\
	X(MODIFY, "Modify", "MF")					\
	X(MODEM, "Modem", "MD")						\
	X(MOVE, "Move", "MV")						\
	X(MUX, "Mux", "MX")						\
	X(NEVER_NOTIFY, "NeverNotify", "NBNN")				\
	X(NOTIFY, "Notify", "N")					\
	X(NOTIFY_COMPLETION, "NotifyCompletion", "NC")			\
	X(IMMEDIATE_NOTIFY, "ImmediateNotify", "NBIN")			\
	X(REGULATED_NOTIFY, "RegulatedNotify", "NBRN")			\
	X(NX64K, "Nx64kService", "N64")					\
	X(OBSERVED_EVENTS, "ObservedEvents", "OE")			\
	X(ONEWAY, "Oneway", "OW")					\
	X(ONEWAY_BOTH, "OnewayBoth", "OWB")				\
	X(ONEWAY_EXTERNAL, "OnewayExternal", "OWE")			\
	X(OFF, "off", "off")						\
	X(ON, "on", "on")						\
	X(ONOFF, "OnOff", "OO")						\
	X(OR_LGC, "ORLgc", "ORLgc")					\
	X(OTHER_REASON, "OtherReason", "OR")				\
	X(OUT_OF_SERVICE, "OutOfService", "OS")				\
	X(PACKAGES, "Packages", "PG")					\
	X(PENDING, "Pending", "PN")					\
	X(PRIORITY, "Priority", "PR")					\
	X(PROFILE, "Profile", "PF")					\
	X(REASON, "Reason", "RE")					\
	X(RECV_ONLY, "ReceiveOnly", "RC")				\
	X(REQUEST_ID, "SPARequestID", "SPARQ")				\
	X(REQUEST_ID_OLD, "RequestID", "RQ")				\
	X(REPLY, "Reply", "P")						\
	X(RESET_EVENTS, "ResetEventsDescriptor", "RSE")			\
	X(RESPONSE_ACK, "TransactionResponseAck", "K")			\
	X(RESTART, "Restart", "RS")					\
	X(REMOTE, "Remote", "R")					\
	X(RESERVED_GROUP, "ReservedGroup", "RG")			\
	X(RESERVED_VALUE, "ReservedValue", "RV")			\
	X(SEGMENTATION_COMPLETE, "END", "&")				\
	X(SEND_ONLY, "SendOnly", "SO")					\
	X(SEND_RECV, "SendReceive", "SR")				\
	X(SERVICES, "Services", "SV")					\
	X(SERVICE_STATES, "ServiceStates", "SI")			\
	X(SERVICE_CHANGE, "ServiceChange", "SC")			\
	X(SERVICE_CHANGE_ADDRESS, "ServiceChangeAddress", "AD")		\
	X(SERVICE_CHANGE_INC, "ServiceChangeInc", "SIC")		\
	X(SIGNAL_LIST, "SignalList", "SL")				\
	X(SIGNALS, "Signals", "SG")					\
	X(SIGNAL_TYPE, "SignalType", "SY")				\
	X(STATISTICS, "Statistics", "SA")				\
	X(STREAM, "Stream", "ST")					\
	X(SUBTRACT, "Subtract", "S")					\
	X(SYNCH_ISDN, "SynchISDN", "SN")				\
	X(TERMINATION_STATE, "TerminationState", "TS")			\
	X(TEST, "Test", "TE")						\
	X(TIMEOUT, "TimeOut", "TO")					\
	X(TOPOLOGY, "Topology", "TP")					\
	X(TRANSACTION, "Transaction", "T")				\
	X(V18, "V18", "V18")						\
	X(V22, "V22", "V22")						\
	X(V22BIS, "V22b", "V22b")					\
	X(V32, "V32", "V32")						\
	X(V32BIS, "V32b", "V32b")					\
	X(V34, "V34", "V34")						\
	X(V76, "V76", "V76")						\
	X(V90, "V90", "V90")						\
	X(V91, "V91", "V91")						\
	X(VERSION, "Version", "V")

enum h248_tok {
	H248_TOK_NONE = 0,
#define H248_TOK_ENUM(id, l, s) H248_TOK_##id,
	H248_TOKEN_LIST(H248_TOK_ENUM)
#undef H248_TOK_ENUM
	H248_TOK_NR
};

/**
 * h248_token_lookup() - the keyword a token spells, in either form
 * @s: the token, need not be NUL-terminated
 * @len: its length
 *
 * Return: the keyword, or H248_TOK_NONE for a name that is none
 * (package items such as "nt/jit", identifiers, numbers).
 */
enum h248_tok h248_token_lookup(const char *s, size_t len);

/**
 * h248_token_name() - a keyword's spelling
 * @tok: the keyword
 * @compact: the short form rather than the long one
 *
 * Return: a static string, "" for H248_TOK_NONE or out of range.
 */
const char *h248_token_name(enum h248_tok tok, int compact);

/**
 * h248_token_is() - whether a NUL-terminated name spells a keyword
 * @name: the name (NULL gives false)
 * @tok: the keyword
 *
 * Return: true when @name is @tok's long or short form, any case.
 */
int h248_token_is(const char *name, enum h248_tok tok);

#endif /* MEDIASEC_H248_TOKENS_H */

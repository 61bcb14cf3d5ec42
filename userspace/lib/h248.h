/* SPDX-License-Identifier: GPL-2.0 */
/*
 * H.248.1 version 3 text encoding (Annex B): the codec mediasecd uses to
 * talk to its MGC over UDP port 2944.
 *
 * Two layers.  h248_lex.c parses a whole message into a bounded tree of
 * Token[=value][{children}] items (struct h248_tree), keeping the octet
 * strings of Local and Remote descriptors (SDP) as text.  h248_msg.c
 * decodes that tree into the structures below (struct h248_msg) and
 * h248_enc.c writes them back as text, long or short keywords.
 *
 * Nothing here allocates: the tree, the decoded message's storage (struct
 * h248_pool) and the output buffer all belong to the caller, and every
 * count and length is bounded by the H248_MAX_* limits.  Decoded strings
 * point into the tree, which must outlive the message.
 */
#ifndef MEDIASEC_H248_H
#define MEDIASEC_H248_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "h248_tokens.h"

#define H248_PORT		2944
#define H248_VERSION		3

#define H248_MAX_MSG		65535	/* bytes of one message */
#define H248_MAX_NODES		2048	/* tree items per message */
#define H248_MAX_DEPTH		16	/* nested braces */
#define H248_MAX_TOKEN		256	/* a name, value or quoted string */
#define H248_MAX_OCTET		16384	/* a Local/Remote body */

#define H248_MAX_TRANS		32
#define H248_MAX_ACTIONS	64
#define H248_MAX_CMDS		128
#define H248_MAX_STREAMS	64
#define H248_MAX_EVENTS		128
#define H248_MAX_PARAMS		512
#define H248_MAX_ACKS		16	/* ranges in one response ack */

/* H.248.1 error codes the codec itself reports */
#define H248_ERR_SYNTAX_MSG	400
#define H248_ERR_SYNTAX_TRANS	403
#define H248_ERR_VERSION	406
#define H248_ERR_SYNTAX_ACTION	422
#define H248_ERR_SYNTAX_CMD	442
#define H248_ERR_UNKNOWN_CMD	443
#define H248_ERR_UNKNOWN_DESC	444

/**
 * struct h248_err - why a message was refused
 * @code: H.248.1 error code for the reply (400, 403, 406, 442...)
 * @off: byte offset in the message where the fault was found
 * @reason: a static English phrase for the Error descriptor's text
 * @trans_id: the transaction being decoded, when @has_trans
 * @has_trans: the fault lies inside a transaction whose id is known
 */
struct h248_err {
	int code;
	size_t off;
	const char *reason;
	uint32_t trans_id;
	bool has_trans;
	bool trans_request;
};

/* struct h248_node flags */
#define H248_N_QNAME	0x01	/* the name was a quoted string */
#define H248_N_QVALUE	0x02	/* the value was a quoted string */
#define H248_N_OCTET	0x04	/* value is a Local/Remote body */
#define H248_N_BRACES	0x08	/* had a { } list, maybe empty */
#define H248_N_PARENS	0x10	/* had a ( ) parameter list */

/**
 * struct h248_node - one item of the tree
 * @name: the token (or quoted string), NUL-terminated, never NULL
 * @value: what follows the operator, or the octet string; NULL if none
 * @stamp: the time stamp of "yyyymmddThhmmssss:name" (observed events),
 *	   split off @name; NULL if none
 * @op: '=', '#', '<', '>' or 0 when there is no value
 * @flags: H248_N_*
 * @off: byte offset of @name in the message
 * @child: first child (inside { } or ( )), NULL if none
 * @next: next sibling, NULL at the end of the list
 */
struct h248_node {
	const char *name;
	const char *value;
	const char *stamp;
	char op;
	uint8_t flags;
	uint32_t off;
	struct h248_node *child;
	struct h248_node *next;
};

/**
 * struct h248_tree - a parsed message
 * @version: the protocol version of the header
 * @mid: the message identifier as written (e.g. "[192.0.2.1]:2944")
 * @mid_off: its byte offset
 * @body: the first top-level item (transactions or an Error descriptor)
 * @nodes: the node arena
 * @nnodes: nodes used
 * @strs: the string arena (all names and values, NUL-terminated)
 * @nstrs: bytes of it used
 */
struct h248_tree {
	unsigned int version;
	const char *mid;
	uint32_t mid_off;
	struct h248_node *body;
	struct h248_node nodes[H248_MAX_NODES];
	unsigned int nnodes;
	char strs[H248_MAX_MSG + 3 * H248_MAX_NODES];
	size_t nstrs;
};

/**
 * h248_parse_tree() - parse a whole text message into a tree
 * @buf: the message (need not be NUL-terminated; a NUL byte is an error)
 * @len: its length, at most H248_MAX_MSG
 * @t: the tree to fill (about 130 KiB: not for the stack of small threads)
 * @err: filled on failure, with code 400 and the offset of the fault
 *
 * Return: 0, or -EINVAL (syntax, limits) with @err set.
 */
int h248_parse_tree(const char *buf, size_t len, struct h248_tree *t,
		    struct h248_err *err);

/* Special context ids (the binary encoding's values) */
#define H248_CTX_NULL	0U		/* "-" */
#define H248_CTX_CHOOSE	0xfffffffeU	/* "$" */
#define H248_CTX_ALL	0xffffffffU	/* "*" */

enum h248_mid_kind {
	H248_MID_IP4,		/* [192.0.2.1]:port */
	H248_MID_IP6,		/* [2001:db8::1]:port */
	H248_MID_DOMAIN,	/* <example.net>:port */
	H248_MID_DEVICE,	/* a pathname */
	H248_MID_MTP,		/* MTP{...} */
};

enum h248_trans_kind {
	H248_TRANS_REQUEST,
	H248_TRANS_REPLY,
	H248_TRANS_PENDING,
	H248_TRANS_ACK,		/* TransactionResponseAck */
};

enum h248_cmd_kind {
	H248_CMD_ADD,
	H248_CMD_MODIFY,
	H248_CMD_SUBTRACT,
	H248_CMD_MOVE,
	H248_CMD_AUDIT_VALUE,
	H248_CMD_AUDIT_CAP,
	H248_CMD_NOTIFY,
	H248_CMD_SERVICE_CHANGE,
	H248_CMD_NR
};

enum h248_mode {
	H248_MODE_UNSET,
	H248_MODE_SEND_RECV,
	H248_MODE_SEND_ONLY,
	H248_MODE_RECV_ONLY,
	H248_MODE_INACTIVE,
	H248_MODE_LOOPBACK,
};

enum h248_sc_method {
	H248_SC_UNSET,
	H248_SC_FAILOVER,
	H248_SC_FORCED,
	H248_SC_GRACEFUL,
	H248_SC_RESTART,
	H248_SC_DISCONNECTED,
	H248_SC_HANDOFF,
};

/* Descriptors present in a command (and the Audit descriptor's list) */
#define H248_D_MEDIA		0x0001
#define H248_D_EVENTS		0x0002
#define H248_D_SIGNALS		0x0004
#define H248_D_OBSERVED		0x0008
#define H248_D_AUDIT		0x0010
#define H248_D_STATS		0x0020
#define H248_D_SERVICES		0x0040
#define H248_D_ERROR		0x0080
#define H248_D_DIGIT_MAP	0x0100
#define H248_D_EVENT_BUFFER	0x0200
#define H248_D_MODEM		0x0400
#define H248_D_MUX		0x0800
#define H248_D_PACKAGES		0x1000
#define H248_D_TOPOLOGY		0x2000

/**
 * struct h248_param - a property, parameter or statistic
 * @name: e.g. "tman/pol" or "nt/os"
 * @value: as written (quotes removed), NULL for a bare name
 * @op: '=', '#', '<' or '>' (0 with a NULL @value)
 */
struct h248_param {
	const char *name;
	const char *value;
	char op;
};

/**
 * struct h248_stream - one stream of a Media descriptor
 * @id: the stream id (1 when the descriptor names no Stream)
 * @mode: LocalControl Mode
 * @props: the other LocalControl properties (ReservedValue, tman/...)
 * @nprops: how many
 * @local: the Local descriptor's SDP text, NULL when absent
 * @remote: the Remote descriptor's SDP text, NULL when absent
 * @stats: the stream's Statistics descriptor (H.248.1 v3 streamParm)
 * @nstats: how many
 * @has_stats: it had one (maybe empty)
 */
struct h248_stream {
	unsigned int id;
	enum h248_mode mode;
	struct h248_param *props;
	unsigned int nprops;
	const char *local;
	const char *remote;
	struct h248_param *stats;
	unsigned int nstats;
	bool has_stats;
};

/**
 * struct h248_event - a requested or observed event, or a signal
 * @name: the package item, e.g. "al/of"
 * @timestamp: an observed event's "yyyymmddThhmmssss", else NULL
 * @params: its parameters
 * @nparams: how many
 */
struct h248_event {
	const char *name;
	const char *timestamp;
	struct h248_param *params;
	unsigned int nparams;
};

/**
 * struct h248_svc - a ServiceChange (Services) descriptor
 * @method: Method
 * @method_ext: Method as written when it is an extension ("X-..."), else NULL
 * @reason: Reason text, e.g. "901 Cold Boot", NULL if absent
 * @address: ServiceChangeAddress, NULL if absent
 * @mgc_id: MgcIdToTry, NULL if absent
 * @profile: Profile, e.g. "ResGW/1", NULL if absent
 * @delay: Delay, when @has_delay
 * @version: Version, 0 if absent
 * @has_delay: Delay was given
 */
struct h248_svc {
	enum h248_sc_method method;
	const char *method_ext;
	const char *reason;
	const char *address;
	const char *mgc_id;
	const char *profile;
	uint32_t delay;
	unsigned int version;
	bool has_delay;
};

/**
 * struct h248_error - an Error descriptor
 * @code: the error code
 * @text: its text, NULL if none
 */
struct h248_error {
	unsigned int code;
	const char *text;
};

/**
 * struct h248_cmd - a command request or command reply
 * @kind: which command
 * @optional: "O-" prefix
 * @wildcard: "W-" prefix (wildcarded response)
 * @tid: termination id, e.g. "ROOT", "A4444", "$" or "A*" (wildcards)
 * @present: H248_D_* descriptors it carried
 * @streams: Media descriptor streams
 * @nstreams: how many
 * @tstate: Media descriptor TerminationState properties
 * @ntstate: how many
 * @events_rid: Events request id
 * @events: requested events
 * @nevents: how many
 * @signals: signals
 * @nsignals: how many
 * @observed_rid: ObservedEvents request id
 * @observed: observed events
 * @nobserved: how many
 * @audit: Audit descriptor's list (H248_D_*)
 * @stats: Statistics
 * @nstats: how many
 * @svc: ServiceChange parameters (H248_D_SERVICES)
 * @error: command error (H248_D_ERROR)
 * @packages: a Packages descriptor's items, "name-version" (replies to
 *	an audit; H248_D_PACKAGES; not decoded from requests)
 * @npackages: how many
 */
struct h248_cmd {
	enum h248_cmd_kind kind;
	bool optional;
	bool wildcard;
	const char *tid;
	unsigned int present;
	struct h248_stream *streams;
	unsigned int nstreams;
	struct h248_param *tstate;
	unsigned int ntstate;
	uint32_t events_rid;
	struct h248_event *events;
	unsigned int nevents;
	struct h248_event *signals;
	unsigned int nsignals;
	uint32_t observed_rid;
	struct h248_event *observed;
	unsigned int nobserved;
	unsigned int audit;
	struct h248_param *stats;
	unsigned int nstats;
	struct h248_svc svc;
	struct h248_error error;
	const char *const *packages;
	unsigned int npackages;
};

/**
 * struct h248_action - the commands on one context
 * @ctx: context id or H248_CTX_NULL/CHOOSE/ALL
 * @cmds: commands (requests, or replies in a Reply)
 * @ncmds: how many
 * @props: context properties and attributes (Priority, Emergency, ...)
 * @nprops: how many
 * @has_error: an Error descriptor at context level (replies)
 * @error: that error
 * @has_topology: a Topology descriptor (H.248.1 7.1.18)
 * @topology_other: one of its triples is other than Bothway (Isolate,
 *	Oneway, OnewayExternal, OnewayBoth)
 * @context_audit: a ContextAudit asks for the context's properties
 */
struct h248_action {
	uint32_t ctx;
	struct h248_cmd *cmds;
	unsigned int ncmds;
	struct h248_param *props;
	unsigned int nprops;
	bool has_error;
	struct h248_error error;
	bool has_topology;
	bool topology_other;
	bool context_audit;
};

/**
 * struct h248_ack_range - transaction ids first..last acknowledged
 * @first: first id
 * @last: last id (== @first for one)
 */
struct h248_ack_range {
	uint32_t first;
	uint32_t last;
};

/**
 * struct h248_trans - a transaction
 * @kind: request, reply, pending or response ack
 * @id: transaction id (not used by an ack)
 * @imm_ack: ImmAckRequired (replies)
 * @has_error: the reply is an Error descriptor instead of actions; for a
 *	request, it could not be decoded: @error is what to answer it with
 *	(h248_decode()), and it has no actions
 * @error: that error
 * @actions: actions
 * @nactions: how many
 * @acks: acknowledged ranges (acks)
 * @nacks: how many
 */
struct h248_trans {
	enum h248_trans_kind kind;
	uint32_t id;
	bool imm_ack;
	bool has_error;
	struct h248_error error;
	struct h248_action *actions;
	unsigned int nactions;
	struct h248_ack_range acks[H248_MAX_ACKS];
	unsigned int nacks;
};

/**
 * struct h248_msg - a message
 * @version: protocol version of the header
 * @mid: message identifier as written
 * @mid_kind: its form
 * @mid_port: its port, 0 if none
 * @has_error: the body is a message-level Error descriptor
 * @error: that error
 * @trans: transactions
 * @ntrans: how many
 */
struct h248_msg {
	unsigned int version;
	const char *mid;
	enum h248_mid_kind mid_kind;
	unsigned int mid_port;
	bool has_error;
	struct h248_error error;
	struct h248_trans *trans;
	unsigned int ntrans;
};

/**
 * struct h248_pool - storage a decoded message points into
 * @trans: transactions
 * @actions: actions
 * @cmds: commands
 * @streams: streams
 * @events: events and signals
 * @params: parameters
 * @ntrans: used so far (same for the other n*)
 * @nactions: used
 * @ncmds: used
 * @nstreams: used
 * @nevents: used
 * @nparams: used
 */
struct h248_pool {
	struct h248_trans trans[H248_MAX_TRANS];
	struct h248_action actions[H248_MAX_ACTIONS];
	struct h248_cmd cmds[H248_MAX_CMDS];
	struct h248_stream streams[H248_MAX_STREAMS];
	struct h248_event events[H248_MAX_EVENTS];
	struct h248_param params[H248_MAX_PARAMS];
	unsigned int ntrans, nactions, ncmds, nstreams, nevents, nparams;
};

/**
 * h248_decode() - decode a parsed tree
 * @t: the tree from h248_parse_tree()
 * @m: the message to fill
 * @pool: storage for it (reset here)
 * @err: filled on failure, and for the last request that failed alone
 *
 * A request whose id was read but whose body cannot be decoded does not
 * spoil the message: it is kept with @has_error and its error, and the
 * others are decoded (each transaction is answered on its own).
 *
 * Return: 0, or -EINVAL with @err (code, offset, reason, transaction)
 * when the message as a whole cannot be decoded.
 */
int h248_decode(const struct h248_tree *t, struct h248_msg *m,
		struct h248_pool *pool, struct h248_err *err);

/**
 * h248_parse() - h248_parse_tree() then h248_decode()
 * @buf: the message
 * @len: its length
 * @t: tree storage
 * @m: message to fill
 * @pool: its storage
 * @err: filled on failure
 *
 * Return: 0 or -EINVAL.
 */
int h248_parse(const char *buf, size_t len, struct h248_tree *t,
	       struct h248_msg *m, struct h248_pool *pool,
	       struct h248_err *err);

/* h248_encode() flags */
#define H248_ENC_COMPACT	0x1	/* short keywords, no layout */

/**
 * h248_encode() - write a message as text
 * @m: the message (transactions of any kind, or a message-level error)
 * @buf: output buffer
 * @size: its size; the text is NUL-terminated
 * @flags: H248_ENC_*
 *
 * Local and Remote bodies are written as they are, with "}" escaped.
 *
 * Return: the text's length, -ENOSPC when @size is too small, -EINVAL for
 * a message that cannot be written (bad kind, NULL mId or termination id).
 */
int h248_encode(const struct h248_msg *m, char *buf, size_t size,
		unsigned int flags);

/**
 * h248_cmd_name() - a command's keyword
 * @kind: the command
 * @compact: short form
 *
 * Return: a static string ("" when out of range).
 */
const char *h248_cmd_name(enum h248_cmd_kind kind, bool compact);

#endif /* MEDIASEC_H248_H */

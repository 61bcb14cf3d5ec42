/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * mediasec: media-plane security offload (SRTP/SRTCP, kTLS relay) for an
 * IMS access gateway.
 *
 * Generic netlink family "mediasec" (MEDIASEC_GENL_NAME), version
 * MEDIASEC_GENL_VERSION.  Resolve the family id with the generic netlink
 * controller (CTRL_CMD_GETFAMILY), then send one of the commands below.
 *
 * General rules
 * -------------
 *
 * - State is per network namespace: the namespace of the netlink socket.
 * - Commands that change state, and CTX_GET, FLOW_GET and RELAY_GET
 *   (contexts, flows and relays are subscriber data: the addresses and
 *   ports phones were latched at, MKIs, failure counts), need CAP_NET_ADMIN in the user
 *   namespace that owns the network namespace (GENL_UNS_ADMIN_PERM);
 *   otherwise -EPERM.  INFO_GET and DEV_GET need no privilege.  Nothing
 *   reveals a key.
 * - Every attribute is validated against a policy, strictly: unknown
 *   attributes, wrong types and missing required attributes are -EINVAL;
 *   integers outside their documented range, and binary attributes outside
 *   their length range (e.g. a 15-byte key), -ERANGE; a length allowed by
 *   the policy but wrong for the object (a 16-byte key for AES-256) is
 *   -EINVAL.  The extended ack (NETLINK_EXT_ACK) says which attribute and
 *   why; an attribute missing from a request is named in
 *   NLMSGERR_ATTR_MISS_TYPE, one required by another's value in the
 *   message.
 * - Limits per namespace: module parameters max_ctxs and max_flows
 *   (default 2^18 and 2^19: 131,072 calls of 2 contexts and 4 flows);
 *   beyond them CTX_NEW and FLOW_NEW fail with -ENOSPC.  All namespaces
 *   together: the module parameter mem_limit_mb (default a quarter of
 *   RAM at load) bounds what their contexts, keys and flows hold; past
 *   it CTX_NEW, KEY_ADD and FLOW_NEW fail with -ENOSPC and an extack
 *   message.  Semantic errors
 *   (a key of the wrong length for the suite, an unknown id, ...) carry an
 *   extack message too.  A failed command changes nothing.
 * - Keys are write-only: no command ever returns key or salt material.
 *   The module wipes them when they are freed.
 * - Ids are chosen by the caller, 1 .. 2^32 - 1, unique per namespace and
 *   object type.  Adding an id that exists is -EEXIST; naming one that does
 *   not is -ENOENT.
 *
 * MEDIASEC_CMD_INFO_GET
 * ---------------------
 *
 * Takes no attributes.  Returns:
 *
 *    MEDIASEC_A_INFO_VERSION: NLA_NUL_STRING, module version ("1.2.3")
 *    MEDIASEC_A_INFO_API_VERSION: NLA_U32, MEDIASEC_GENL_VERSION
 *    MEDIASEC_A_INFO_CTXS: NLA_U32, contexts in the caller's namespace
 *    MEDIASEC_A_INFO_FLOWS: NLA_U32, flows in the caller's namespace
 *    MEDIASEC_A_INFO_DEVS: NLA_U32, data-path devices in it
 *    MEDIASEC_A_INFO_RELAYS: NLA_U32, relays in it
 *
 * and, to callers with CAP_NET_ADMIN in the initial user namespace only,
 * the objects the module holds in all namespaces, including those deleted
 * but not yet freed (a leak check: both are 0 once everything is gone):
 *
 *    MEDIASEC_A_INFO_LIVE_CTXS: NLA_U32
 *    MEDIASEC_A_INFO_LIVE_FLOWS: NLA_U32
 *    MEDIASEC_A_INFO_LIVE_RELAYS: NLA_U32
 *    MEDIASEC_A_INFO_MEM_CHARGED: NLA_U64, bytes of the memory budget
 *                                 (mem_limit_mb) the objects hold
 *
 * MEDIASEC_CMD_CTX_NEW
 * --------------------
 *
 * Creates an SRTP crypto context: the state of one direction of one media
 * session (RFC 3711 section 3.2), used by flows to protect (MEDIASEC_DIR_TX)
 * or unprotect (MEDIASEC_DIR_RX) its RTP and RTCP packets.  It holds up to
 * MEDIASEC_MAX_KEYS master keys (MEDIASEC_CMD_KEY_ADD) and, per SSRC, the
 * rollover counter, the SRTCP index and the replay window.
 *
 *    MEDIASEC_A_CTX: NLA_NESTED
 *       MEDIASEC_A_CTX_ID: NLA_U32, required, not 0
 *       MEDIASEC_A_CTX_DIR: NLA_U8, required, enum mediasec_dir
 *       MEDIASEC_A_CTX_SUITE: NLA_U32, required, enum mediasec_suite
 *       MEDIASEC_A_CTX_FLAGS: NLA_U32, MEDIASEC_CTX_F_* (SDES session
 *                             parameters), default 0
 *       MEDIASEC_A_CTX_KDR: NLA_U32, key derivation rate: 0 (derive once,
 *                           the default) or a power of two up to 2^24
 *       MEDIASEC_A_CTX_WINDOW: NLA_U32, replay window in packets,
 *                              64 .. 32768, default 128 (RFC 4568 WSH)
 *       MEDIASEC_A_CTX_MKI_LEN: NLA_U8, 0 (no MKI, the default) .. 4
 *       MEDIASEC_A_CTX_MAX_STREAMS: NLA_U8, SSRCs the context tracks,
 *                                   1 .. MEDIASEC_MAX_STREAMS (64),
 *                                   default MEDIASEC_STREAMS_DEFAULT (4)
 *
 *    The stream table: each SSRC the context protects or accepts a packet
 *    of takes a slot holding its rollover counter, SRTCP index and replay
 *    windows (about 100 bytes with the default window).  A slot is never
 *    given to another SSRC while a key that protected or verified a packet
 *    of its SSRC lives: forgetting a sender's index would make it protect
 *    the same index twice under one key (a two-time pad for AES-CM, a
 *    repeated nonce for GCM), and forgetting a receiver's window would
 *    accept a packet twice.  When every slot is taken, a packet of a new
 *    SSRC is refused and counted as MEDIASEC_RESULT_NO_STREAM (the flow
 *    drops it).  Slots become free when the keys that saw their SSRC are
 *    all deleted (KEY_DEL after KEY_ADD of a new key, or, without MKI, a
 *    key replaced by KEY_DEL then KEY_ADD): a re-key frees the table.
 *
 *    Errors: -EINVAL (policy; AEAD suite with UNAUTHENTICATED_SRTP or with
 *    a KDR other than 0; KDR not a power of two), -ERANGE, -EEXIST,
 *    -ENOSPC, -ENOMEM.
 *
 * MEDIASEC_CMD_CTX_DEL
 * --------------------
 *
 *    MEDIASEC_A_CTX: NLA_NESTED
 *       MEDIASEC_A_CTX_ID: NLA_U32, required
 *
 *    Deletes the context and wipes its keys.  -ENOENT if unknown, -EBUSY
 *    while a flow names it.  With NLM_F_ECHO the reply first carries the
 *    context as CTX_GET shows it, read under the same lock that deletes
 *    it: its final counters, for a caller that keeps totals.
 *
 * MEDIASEC_CMD_CTX_GET
 * --------------------
 *
 * With MEDIASEC_A_CTX/MEDIASEC_A_CTX_ID: that context (-ENOENT if
 * unknown).  As a dump (NLM_F_DUMP, no attributes): every context of the
 * namespace in id order, one message each; a dump split over several
 * recvmsg() calls resumes after the last id sent.  Each reply carries
 * MEDIASEC_A_CTX with every attribute of CTX_NEW (defaults filled in) and:
 *
 *       MEDIASEC_A_CTX_KEYS: NLA_NESTED, one MEDIASEC_A_KEY per master key
 *          MEDIASEC_A_KEY: NLA_NESTED
 *             MEDIASEC_A_KEY_MKI: NLA_U32
 *             MEDIASEC_A_KEY_LIFETIME: NLA_U64, packets (SRTP)
 *             MEDIASEC_A_KEY_SOFT_LIFETIME: NLA_U64
 *             MEDIASEC_A_KEY_PACKETS: NLA_U64, packets used so far (SRTP)
 *             MEDIASEC_A_KEY_TX: NLA_FLAG, the key that protects
 *       MEDIASEC_A_CTX_STATS: NLA_NESTED
 *          MEDIASEC_A_STATS_<RESULT>: NLA_U64, packets per result of
 *          enum mediasec_result, RTP and RTCP together
 *       MEDIASEC_A_CTX_CIPHER_DRIVER: NLA_NUL_STRING, the kernel crypto
 *          driver the cipher bound to (e.g. "__ctr-aes-aesni")
 *       MEDIASEC_A_CTX_AUTH_DRIVER: NLA_NUL_STRING, same for HMAC-SHA1
 *
 * MEDIASEC_CMD_KEY_ADD
 * --------------------
 *
 *    MEDIASEC_A_CTX: NLA_NESTED
 *       MEDIASEC_A_CTX_ID: NLA_U32, required
 *       MEDIASEC_A_KEY: NLA_NESTED, required
 *          MEDIASEC_A_KEY_MASTER: NLA_BINARY, required, exactly the suite's
 *                                 key length (16 or 32 bytes)
 *          MEDIASEC_A_KEY_SALT: NLA_BINARY, required, exactly the suite's
 *                               salt length (14; 12 for AEAD suites)
 *          MEDIASEC_A_KEY_MKI: NLA_U32, required if the context has an MKI
 *                              length, must fit in it; absent otherwise
 *          MEDIASEC_A_KEY_LIFETIME: NLA_U64, packets, 1 .. 2^48 (the
 *                                   default and RFC 3711 maximum)
 *          MEDIASEC_A_KEY_SOFT_LIFETIME: NLA_U64, packets after which a
 *             MEDIASEC_EVENT_KEY_SOFT event is sent; default 15/16 of it
 *
 *    The newest key protects from then on; receivers choose by MKI, so a
 *    key changes without losing a packet.  The key bytes are wiped from
 *    the request once used.  Errors: -EINVAL, -ERANGE, -ENOENT (no such
 *    context), -EEXIST (MKI in use), -ENOSPC (all MEDIASEC_MAX_KEYS slots
 *    used, or a second key without MKI), -EOPNOTSUPP (the kernel's crypto
 *    could not be set up), -ENOMEM.
 *
 * MEDIASEC_CMD_KEY_DEL
 * --------------------
 *
 *    MEDIASEC_A_CTX: NLA_NESTED
 *       MEDIASEC_A_CTX_ID: NLA_U32, required
 *       MEDIASEC_A_KEY: NLA_NESTED, required
 *          MEDIASEC_A_KEY_MKI: NLA_U32, required (0 without MKI)
 *
 *    Errors: -ENOENT (no such context or key).
 *
 * MEDIASEC_CMD_FLOW_NEW
 * ---------------------
 *
 * A flow is one direction of one media stream through the gateway: the
 * packets that arrive for a local address and UDP port (optionally only
 * from one remote address and port), what is done to them, and where they
 * go.  Flows of the same stream's other direction, and of its RTCP port,
 * are flows of their own.
 *
 *    MEDIASEC_A_FLOW: NLA_NESTED
 *       MEDIASEC_A_FLOW_ID: NLA_U32, required, not 0
 *       MEDIASEC_A_FLOW_ACTION: NLA_U8, required, enum mediasec_action
 *       MEDIASEC_A_FLOW_KIND: NLA_U8, enum mediasec_kind, default
 *                             MEDIASEC_KIND_RTP
 *       MEDIASEC_A_FLOW_LOCAL_ADDR: NLA_BINARY, required, 4 (IPv4) or 16
 *                                   (IPv6) bytes, network order
 *       MEDIASEC_A_FLOW_LOCAL_PORT: NLA_U16, required, not 0
 *       MEDIASEC_A_FLOW_REMOTE_ADDR: NLA_BINARY, same family; with
 *                                    REMOTE_PORT, packets from elsewhere
 *                                    are not the flow's
 *       MEDIASEC_A_FLOW_REMOTE_PORT: NLA_U16, not 0
 *       MEDIASEC_A_FLOW_RX_CTX: NLA_U32, a MEDIASEC_DIR_RX context:
 *                               required for SRTP_TO_RTP and SRTP_TO_SRTP
 *       MEDIASEC_A_FLOW_TX_CTX: NLA_U32, a MEDIASEC_DIR_TX context:
 *                               required for RTP_TO_SRTP and SRTP_TO_SRTP
 *       MEDIASEC_A_FLOW_OUT_SADDR: NLA_BINARY, same family: the source
 *                                  address packets leave with (default:
 *                                  unchanged)
 *       MEDIASEC_A_FLOW_OUT_SPORT: NLA_U16, the source port (default:
 *                                  unchanged)
 *       MEDIASEC_A_FLOW_OUT_DADDR: NLA_BINARY, required, same family: the
 *                                  destination packets are sent to
 *       MEDIASEC_A_FLOW_OUT_DPORT: NLA_U16, required, not 0
 *       MEDIASEC_A_FLOW_OUT_IFINDEX: NLA_U32, the egress device; default:
 *                                    the FIB decides
 *       MEDIASEC_A_FLOW_FLAGS: NLA_U32, MEDIASEC_FLOW_F_*
 *       MEDIASEC_A_FLOW_REVERSE: NLA_U32, not 0: the id of the flow that
 *                                carries the stream's other direction back
 *                                to this flow's remote (it need not exist
 *                                yet); see latching
 *       MEDIASEC_A_FLOW_IDLE_TIMEOUT: NLA_U32, seconds, 1 .. 86400: send
 *                                     MEDIASEC_EVENT_FLOW_IDLE when the flow
 *                                     forwarded nothing for that long
 *                                     (default: never)
 *       MEDIASEC_A_FLOW_GATE: NLA_NESTED, remote source filtering
 *                             (H.248.43 gm, TS 23.334 6.2.4): packets from
 *                             other sources are dropped and counted
 *                             (GATE_DROPS) before any other work
 *          MEDIASEC_A_GATE_ADDR: NLA_BINARY, same family as the local
 *                                address: the sources' prefix
 *          MEDIASEC_A_GATE_PREFIX_LEN: NLA_U8, with ADDR, at most 32
 *                                      (IPv4) or 128; default all bits
 *          MEDIASEC_A_GATE_PORT_MIN: NLA_U16, not 0: the lowest source
 *                                    port let in
 *          MEDIASEC_A_GATE_PORT_MAX: NLA_U16, with PORT_MIN, not below it
 *                                    (default PORT_MIN)
 *          At least ADDR or PORT_MIN; without ADDR (or with PREFIX_LEN
 *          0) any address, without PORT_MIN any port; a gate that lets
 *          every source in is refused.
 *       MEDIASEC_A_FLOW_POLICE: NLA_NESTED, ingress policing (H.248.53
 *                               tman, TS 23.334 6.2.5, the token bucket of
 *                               RFC 2216 with r = RATE and b = BURST): a
 *                               packet, counted by its IP length (header
 *                               included), that finds too few tokens is
 *                               dropped and counted (POLICE_DROPS), after
 *                               the gate and before any crypto; a flow
 *                               that authenticates (an RX context) takes
 *                               the tokens only once its packet passed
 *                               SRTP, so that packets a spoofer sends
 *                               spend none of the remote's rate
 *          MEDIASEC_A_POLICE_RATE: NLA_U64, required, bytes per second,
 *                                  1 .. 2^32 - 1
 *          MEDIASEC_A_POLICE_BURST: NLA_U32, required, bytes, 64 ..
 *                                   2^26 (64 MB)
 *          MEDIASEC_A_POLICE_PEAK_RATE: NLA_U64, bytes per second, not
 *                                       below RATE: a second bucket
 *                                       (H.248.53 pdr)
 *          MEDIASEC_A_POLICE_PEAK_BURST: NLA_U32, with PEAK_RATE, 64 ..
 *                                        2^26: its depth (the largest
 *                                        packet, RFC 2216's M)
 *          A packet passes when both buckets hold its length; it then
 *          takes its length from both.  The buckets start full.
 *       MEDIASEC_A_FLOW_DSCP: NLA_U8, 0 .. 63: the DS field's code point
 *                             of every packet forwarded (H.248.52 ds,
 *                             TS 23.334 6.2.7; the ECN bits are kept), or
 *                             MEDIASEC_DSCP_COPY (the default): as it
 *                             arrived
 *       MEDIASEC_A_FLOW_CLOCK_RATE: NLA_U32, Hz, 1 .. 10000000: count RTP
 *                                   reception statistics (RFC 3550 6.4.1,
 *                                   A.3, A.8) for the flow's RTP packets
 *                                   that passed, with the RTP timestamp
 *                                   clock of this rate (SDP a=rtpmap);
 *                                   not for MEDIASEC_KIND_RTCP flows
 *       MEDIASEC_A_FLOW_RTT: NLA_U8, 1 (the only value): measure the
 *          round trip between the gateway and the flow's remote from the
 *          RTCP passing (RFC 3550 6.4.1): the sender reports that the
 *          flow naming this one as its REVERSE forwards to the remote,
 *          noted as they pass, against the report blocks of the remote's
 *          RTCP that this flow forwards and that cite them.  Both are
 *          read in the clear (after an RX context unprotects, before a TX
 *          context protects); end-to-end SRTCP (a FORWARD flow of
 *          encrypted RTCP) gives no sample.  An SR counts as the first
 *          packet of a compound only (RFC 3550 6.1); of a packet's report
 *          blocks, the first 8, each a sample.  RTCP flows, and the RTCP
 *          of MUX flows; on a MEDIASEC_KIND_RTP flow: -EINVAL.  The
 *          figures rest on the remote's DLSR and, where its RTCP is not
 *          authenticated, on whoever can send to the flow: a block whose
 *          DLSR exceeds the time seen by more than DLSR's rounding, or
 *          citing an SR passed more than 60 s before, gives no sample
 *
 *    Latching (symmetric RTP, for remotes behind NAT): with
 *    MEDIASEC_FLOW_F_LATCH the flow takes packets from any source and
 *    learns its remote from them.  A flow that unprotects (SRTP_TO_RTP,
 *    SRTP_TO_SRTP) moves to the source of any packet that authenticates
 *    and is not a replay; one whose packets are not all authenticated
 *    (FORWARD, RTP_TO_SRTP, or an RX context with UNAUTHENTICATED_SRTP,
 *    where any spoofed packet would pass) learns the source of its first
 *    packet once and then keeps it.  Each change
 *    is reported as MEDIASEC_EVENT_FLOW_LATCH, shows as the flow's
 *    REMOTE_ADDR/REMOTE_PORT, and, if MEDIASEC_A_FLOW_REVERSE names a flow,
 *    becomes that flow's OUT_DADDR/OUT_DPORT.
 *
 *    Addresses are 4 bytes for IPv4 (IPv4-mapped IPv6 addresses are
 *    refused) and 16 for IPv6; local and destination addresses must be
 *    unicast.  Contexts a flow names cannot be deleted while it exists
 *    (-EBUSY).  Errors: -EINVAL, -ERANGE, -EEXIST (id, or local address
 *    and port, in use), -ENOENT (no such context), -ENODEV (no such
 *    egress device), -ENOSPC, -ENOMEM.
 *
 * MEDIASEC_CMD_FLOW_DEL
 * ---------------------
 *
 *    MEDIASEC_A_FLOW: NLA_NESTED
 *       MEDIASEC_A_FLOW_ID: NLA_U32, required
 *
 *    Packets already in the data path finish with the flow; later ones go
 *    to the stack.  -ENOENT if unknown.  With NLM_F_ECHO the reply first
 *    carries the flow as FLOW_GET shows it, read under the same lock that
 *    deletes it: its final counters (but for packets that other CPUs are
 *    transforming at that moment).
 *
 * MEDIASEC_CMD_FLOW_GET
 * ---------------------
 *
 * As CTX_GET: one flow by MEDIASEC_A_FLOW/MEDIASEC_A_FLOW_ID, or all of
 * them as a dump in id order, resumable.  Each reply carries MEDIASEC_A_FLOW
 * with every attribute of FLOW_NEW (the kind and flags filled in; the
 * remote and destination as learned by latching) and:
 *
 *       MEDIASEC_A_FLOW_STATS: NLA_NESTED
 *          MEDIASEC_A_FLOW_STATS_PACKETS: NLA_U64, packets forwarded
 *          MEDIASEC_A_FLOW_STATS_BYTES: NLA_U64, their bytes as received
 *          MEDIASEC_A_FLOW_STATS_DROPS: NLA_U64, packets dropped
 *          MEDIASEC_A_FLOW_STATS_TX_BYTES: NLA_U64, the bytes of the
 *             packets forwarded as they were sent (after the SRTP
 *             transform: a tag, an MKI, the SRTCP index added or taken
 *             off), UDP payload as for ..._BYTES
 *          MEDIASEC_A_FLOW_STATS_GATE_DROPS: NLA_U64, of DROPS, those the
 *             gate dropped
 *          MEDIASEC_A_FLOW_STATS_POLICE_DROPS: NLA_U64, of DROPS, those
 *             the policer dropped
 *       MEDIASEC_A_FLOW_IDLE: NLA_U8, with IDLE_TIMEOUT: 1 from
 *          MEDIASEC_EVENT_FLOW_IDLE until the flow forwards again, else 0
 *       MEDIASEC_A_FLOW_RTP: NLA_NESTED, with CLOCK_RATE, once a source
 *          sent two RTP packets in sequence (RFC 3550 A.1's probation;
 *          the first is not counted): the reception statistics of the
 *          last SSRC seen (a new SSRC starts them again).  STATS_RESET
 *          leaves them.
 *          MEDIASEC_A_RTP_SSRC: NLA_U32
 *          MEDIASEC_A_RTP_RECEIVED: NLA_U64, packets counted (duplicates
 *             included, as RFC 3550 A.3 counts them)
 *          MEDIASEC_A_RTP_EXPECTED: NLA_U64, highest extended sequence
 *             number minus the first, plus one
 *          MEDIASEC_A_RTP_LOST: NLA_S64, EXPECTED - RECEIVED (negative
 *             with duplicates)
 *          MEDIASEC_A_RTP_JITTER: NLA_U32, interarrival jitter in
 *             timestamp units (RFC 3550 A.8)
 *       MEDIASEC_A_FLOW_RTT: NLA_U8, 1 when round trips are measured
 *       MEDIASEC_A_FLOW_RTT_STATS: NLA_NESTED, with RTT, once one was
 *          measured; STATS_RESET leaves them.  Microseconds, each the
 *          report's arrival minus the cited SR's passage minus the
 *          remote's DLSR (0 where DLSR's rounding exceeds the rest;
 *          at most 60 s)
 *          MEDIASEC_A_RTT_SAMPLES: NLA_U64, round trips measured
 *          MEDIASEC_A_RTT_SUM: NLA_U64, their sum
 *          MEDIASEC_A_RTT_LAST: NLA_U32, the last one
 *          MEDIASEC_A_RTT_MIN: NLA_U32, the shortest
 *          MEDIASEC_A_RTT_MAX: NLA_U32, the longest
 *
 * MEDIASEC_CMD_FLOW_SET
 * ---------------------
 *
 * Changes the policies of a running flow, atomically for the data path:
 * a packet sees the old policies or the new ones, and none is lost or
 * sent to the stack meanwhile (H.248 Modify).
 *
 *    MEDIASEC_A_FLOW: NLA_NESTED
 *       MEDIASEC_A_FLOW_ID: NLA_U32, required
 *       MEDIASEC_A_FLOW_GATE, MEDIASEC_A_FLOW_POLICE: as for FLOW_NEW; an
 *          empty nest removes the gate or the policer; a new policer
 *          starts with full buckets
 *       MEDIASEC_A_FLOW_DSCP: as for FLOW_NEW
 *       MEDIASEC_A_FLOW_CLOCK_RATE: as for FLOW_NEW; the statistics
 *          counted so far are kept (a clock rate, once set, is not
 *          taken away)
 *       MEDIASEC_A_FLOW_RTT: as for FLOW_NEW: starts the measuring,
 *          which then stays (a flow measuring already: nothing changes)
 *       MEDIASEC_A_FLOW_FLAGS: as for FLOW_NEW (latching on or off; a
 *          remote learned stays until the next is)
 *
 *    A packet sees the flags and policies of one FLOW_SET.  A policer
 *    whose rates and bursts do not change keeps its buckets (a FLOW_SET
 *    that changes something else gives no new burst); a FLOW_SET that
 *    changes nothing changes nothing.
 *
 *    What is absent is unchanged.  Any other attribute: -EINVAL.  Errors
 *    as for FLOW_NEW, and -ENOENT.
 *
 * MEDIASEC_CMD_STATS_RESET
 * ------------------------
 *
 * Sets counters back to zero: those of one context (MEDIASEC_A_CTX with
 * MEDIASEC_A_CTX_ID), of one flow (MEDIASEC_A_FLOW with MEDIASEC_A_FLOW_ID),
 * or, with neither, of every context and flow of the namespace.  Key
 * lifetimes (MEDIASEC_A_KEY_PACKETS) are not counters and stay.  Errors:
 * -ENOENT, -EINVAL.
 *
 * MEDIASEC_CMD_DEV_SET, MEDIASEC_CMD_DEV_DEL, MEDIASEC_CMD_DEV_GET
 * --------------------------------------------------------------
 *
 * The namespace's list of devices the data path is attached to.  BPF
 * programs are attached by user space (the mediasec CLI: "mediasec dev
 * attach"), which records here how; every controller of the namespace
 * then sees the same list, and the module drops a device from it when the
 * device goes away (MEDIASEC_EVENT_DEV_GONE).
 *
 *    MEDIASEC_A_DEV: NLA_NESTED
 *       MEDIASEC_A_DEV_IFINDEX: NLA_U32, required, a device of the
 *                               namespace (else -ENODEV)
 *       MEDIASEC_A_DEV_FLAGS: NLA_U32, required for DEV_SET, not 0,
 *                             MEDIASEC_DEV_F_* (XDP and XDP_GENERIC
 *                             exclude each other)
 *
 * DEV_SET adds the device or replaces its flags; DEV_DEL removes it
 * (-ENOENT if not listed); DEV_GET returns one (by ifindex) or, as a dump,
 * all in ifindex order, each with MEDIASEC_A_DEV_IFINDEX, MEDIASEC_A_DEV_FLAGS
 * and MEDIASEC_A_DEV_NAME (NLA_NUL_STRING, the device's current name).
 *
 * MEDIASEC_CMD_RELAY_NEW, MEDIASEC_CMD_RELAY_DEL, MEDIASEC_CMD_RELAY_GET
 * --------------------------------------------------------------------
 *
 * A relay moves a byte stream between two established TCP sockets, the
 * legs, in the kernel: MSRP (RFC 4975) between a phone and the core, over
 * TLS (RFC 4572/8122 fingerprints, TS 33.328) or plain TCP.  A leg is
 * either a plain TCP socket or a kTLS socket (Documentation/networking/
 * tls.rst) on which user space has set both TLS_TX and TLS_RX in software
 * after its own handshake: the module reads plaintext from one leg and
 * writes it to the other, which encrypts it again if it is a TLS leg.
 * Two plain legs relay TLS bytes unchanged (end-to-end TLS through the
 * gateway, which holds no key).
 *
 *    MEDIASEC_A_RELAY: NLA_NESTED
 *       MEDIASEC_A_RELAY_ID: NLA_U32, required, 1 .. 2^32 - 1
 *       MEDIASEC_A_RELAY_FD_A: NLA_U32, required for RELAY_NEW: leg A
 *                              (by convention the access side)
 *       MEDIASEC_A_RELAY_FD_B: NLA_U32, required for RELAY_NEW: leg B
 *
 * RELAY_NEW takes the sockets: on success the two descriptors are closed
 * in the caller (do not close them again), and the relay is the sockets'
 * only user; the caller may exit or restart while the relay runs.  Each
 * descriptor must name a TCP socket of the caller, in the caller's
 * network namespace, in state ESTABLISHED (or CLOSE_WAIT: its peer has
 * sent all it will), not in repair mode, with no
 * upper-layer protocol but software "tls", and the two must differ;
 * otherwise -EINVAL (-EBADF, -ENOTSOCK for what is no socket).  -EBUSY:
 * a descriptor has other references (dup, fork, SCM_RIGHTS in flight),
 * the socket is in an epoll set or has O_ASYNC (remove it first: neither
 * goes away with the descriptor), or another kernel user (sockmap,
 * another relay) has the socket.  A refused request changes nothing,
 * except when another thread of the caller duplicates, replaces (dup2)
 * or watches a descriptor, or changes a socket, while the request runs:
 * the descriptors (whatever they name by then) are closed, and the
 * sockets with them.  Limits: the module parameter max_relays per
 * namespace (-ENOSPC), and the memory budget.  A running relay holds a
 * reference on the module (unloading is -EBUSY) and, through its
 * sockets, on their namespace: a relay whose peers are gone for good
 * stays until TCP gives up on them (keepalive, retransmission timeouts)
 * or RELAY_DEL.
 * A plain TCP leg is set SO_OOBINLINE: urgent data is relayed inline, as
 * data (the urgent pointer is not passed on); urgent data on a TLS leg
 * ends the relay (MEDIASEC_RELAY_END_PROTOCOL).  Each leg is set
 * SO_KEEPALIVE (idle 60 s, 10 s apart, 6 probes): a peer gone for good
 * ends the relay with a reset within about two minutes even when the
 * session is idle.  IP_RECVERR is cleared and the error queue purged;
 * a socket shut down in either direction, or with timestamping or
 * SO_ZEROCOPY on, is refused (-EINVAL); so are the two ends of one
 * connection.  RELAY_NEW needs CAP_NET_ADMIN in the initial user
 * namespace (RELAY_DEL and RELAY_GET, in the namespace's own): a relay
 * pins its sockets and their namespace.
 *
 * How a relay moves data (per direction, from leg X to leg Y):
 *
 * - application data is written to Y as it is read from X; while Y's send
 *   buffer is full nothing more is read from X, so X's receive window
 *   closes: what a relay holds beyond its sockets' own buffers is one
 *   record (16 KiB) per direction;
 * - a TLS handshake record on X: a NewSessionTicket (TLS 1.3) is dropped
 *   and counted; a KeyUpdate ends the relay (kTLS on 6.1 cannot re-key:
 *   MEDIASEC_RELAY_END_KEY_UPDATE), and so does any other handshake
 *   message, i.e. a renegotiation (MEDIASEC_RELAY_END_RENEGOTIATION);
 *   messages split across records are followed;
 * - a close_notify alert on X, or a FIN from X, is a half-close: after
 *   the data read before it, Y gets a FIN, and before it, if Y is TLS, a
 *   close_notify alert when X closed cleanly (a close_notify from a TLS
 *   leg, a FIN from a TCP leg); a TLS leg's FIN without close_notify is
 *   passed on as just a FIN and marks the leg MEDIASEC_LEG_F_TRUNCATED
 *   (a reset, the only other way to tell a TCP peer, would throw away the
 *   bytes still in flight); the other direction goes on;
 * - a user_canceled alert is counted as the leg's last alert; any other
 *   alert on X ends the relay (MEDIASEC_RELAY_END_ALERT); a record of X
 *   that fails authentication ends it too (MEDIASEC_RELAY_END_AUTH_FAIL,
 *   counted in MEDIASEC_A_LEG_AUTH_FAILS);
 * - a reset of X resets Y (MEDIASEC_RELAY_END_RESET).
 *
 * A relay ends when both directions are closed (MEDIASEC_RELAY_END_CLOSED)
 * or on one of the events above.  A KeyUpdate or renegotiation ends it
 * cleanly: nothing more is read, what was read is written, then
 * close_notify to each TLS leg and a FIN to each.  On the other
 * errors, the leg that caused it gets a fatal alert if it is TLS
 * (bad_record_mac, unexpected_message, internal_error; none after its own
 * alert) and a FIN, and the other leg is reset.  The module then closes
 * its sockets, sends MEDIASEC_EVENT_RELAY_END, and keeps the relay, with
 * its counters, until RELAY_DEL: a controller that was away still reads
 * how it ended.  RELAY_DEL of a running relay resets both legs.
 *
 * RELAY_GET returns one relay (by MEDIASEC_A_RELAY_ID) or, as a dump, all
 * of the namespace in id order:
 *
 *    MEDIASEC_A_RELAY: NLA_NESTED
 *       MEDIASEC_A_RELAY_ID: NLA_U32
 *       MEDIASEC_A_RELAY_END: NLA_U8, enum mediasec_relay_end
 *                             (MEDIASEC_RELAY_END_NONE while it runs)
 *       MEDIASEC_A_RELAY_END_LEG: NLA_U8, 0 for A, 1 for B: the leg whose
 *                                 record, alert or reset ended it (with
 *                                 an END other than NONE and CLOSED;
 *                                 absent when no leg did, e.g. out of
 *                                 memory)
 *       MEDIASEC_A_RELAY_LEG_A, MEDIASEC_A_RELAY_LEG_B: NLA_NESTED
 *          MEDIASEC_A_LEG_KIND: NLA_U8, enum mediasec_leg_kind
 *          MEDIASEC_A_LEG_TLS_VERSION: NLA_U16, 0x0303 or 0x0304 (TLS)
 *          MEDIASEC_A_LEG_TLS_CIPHER: NLA_U16, TLS_CIPHER_* of
 *                                     <linux/tls.h> (TLS)
 *          MEDIASEC_A_LEG_FAMILY: NLA_U8, AF_INET or AF_INET6
 *          MEDIASEC_A_LEG_LOCAL_ADDR, MEDIASEC_A_LEG_PEER_ADDR:
 *             NLA_BINARY, 4 or 16 bytes
 *          MEDIASEC_A_LEG_LOCAL_PORT, MEDIASEC_A_LEG_PEER_PORT: NLA_U16
 *          MEDIASEC_A_LEG_RX_BYTES: NLA_U64, application bytes read from
 *                                   the leg (plaintext for TLS)
 *          MEDIASEC_A_LEG_TX_BYTES: NLA_U64, application bytes written
 *          MEDIASEC_A_LEG_FLAGS: NLA_U32, MEDIASEC_LEG_F_*
 *       and for a TLS leg (always TLS_SW):
 *          MEDIASEC_A_LEG_RX_RECORDS, MEDIASEC_A_LEG_TX_RECORDS: NLA_U64,
 *             TLS records (any type) read and written since the relay
 *             took the socket
 *          MEDIASEC_A_LEG_TICKETS_DROPPED: NLA_U64, NewSessionTickets
 *          MEDIASEC_A_LEG_AUTH_FAILS: NLA_U64, records that failed
 *                                     authentication
 *          MEDIASEC_A_LEG_ALERT: NLA_U16, the last alert received, level
 *                                << 8 | description (RFC 8446 6), if any
 *
 * Events: MEDIASEC_EVENT_RELAY_END with MEDIASEC_A_EVENT_RELAY_ID,
 * MEDIASEC_A_EVENT_REASON (enum mediasec_relay_end) and, where a leg ended
 * it, MEDIASEC_A_EVENT_LEG (0 or 1).
 *
 * Events: multicast group MEDIASEC_MCGRP_EVENTS ("events")
 * --------------------------------------------------------
 *
 * The module sends MEDIASEC_CMD_EVENT messages to the group of the
 * namespace the context or flow lives in, as things happen.  Joining the
 * group needs CAP_NET_ADMIN in the namespace's owning user namespace:
 *
 *    MEDIASEC_A_EVENT: NLA_NESTED
 *       MEDIASEC_A_EVENT_TYPE: NLA_U32, enum mediasec_event
 *       MEDIASEC_A_EVENT_CTX_ID: NLA_U32, for context events
 *       MEDIASEC_A_EVENT_MKI: NLA_U32, for KEY_SOFT and KEY_HARD
 *       MEDIASEC_A_EVENT_COUNT: NLA_U64, for AUTH_FAIL and REPLAY: the
 *          packets refused since the last such event
 *       MEDIASEC_A_EVENT_FLOW_ID: NLA_U32, for flow events
 *       MEDIASEC_A_EVENT_ADDR: NLA_BINARY, 4 or 16 bytes, and
 *       MEDIASEC_A_EVENT_PORT: NLA_U16, for FLOW_LATCH: the new remote
 *       MEDIASEC_A_EVENT_IFINDEX: NLA_U32, for DEV_GONE
 *
 * KEY_SOFT: a master key reached its soft lifetime (replace it now);
 * KEY_HARD: it reached its lifetime, and packets that need it are refused.
 * AUTH_FAIL and REPLAY report bursts of refused packets, at most one event
 * per context and type per second.  FLOW_LATCH: a latching flow learned a
 * new remote.  FLOW_IDLE: a flow with an idle timeout forwarded nothing for
 * that long (sent once; again after packets resume and stop again).
 * DEV_GONE: a device of the data path was unregistered (or left the
 * namespace) and was dropped from its list.
 *
 * Kfuncs for BPF programs
 * -----------------------
 *
 * The module's kfuncs for the XDP and TC data path are not part of this
 * API: their prototypes and argument structures are in ebpf/mediasec_kfunc.h,
 * shared by the module and the BPF programs built with it.
 */

#ifndef _UAPI_LINUX_MEDIASEC_H
#define _UAPI_LINUX_MEDIASEC_H

#include <linux/types.h>

#define MEDIASEC_GENL_NAME	"mediasec"
/*
 * The API's version (INFO_GET's MEDIASEC_A_INFO_API_VERSION and the
 * family's): 2 added the NLM_F_ECHO answer of CTX_DEL and FLOW_DEL.
 */
#define MEDIASEC_GENL_VERSION	2

#define MEDIASEC_MCGRP_EVENTS	"events"

#define MEDIASEC_MAX_KEYS	4
#define MEDIASEC_MAX_STREAMS	64
#define MEDIASEC_STREAMS_DEFAULT	4

enum mediasec_cmd {
	MEDIASEC_CMD_UNSPEC,
	MEDIASEC_CMD_INFO_GET,
	MEDIASEC_CMD_CTX_NEW,
	MEDIASEC_CMD_CTX_DEL,
	MEDIASEC_CMD_CTX_GET,
	MEDIASEC_CMD_KEY_ADD,
	MEDIASEC_CMD_KEY_DEL,
	MEDIASEC_CMD_FLOW_NEW,
	MEDIASEC_CMD_FLOW_DEL,
	MEDIASEC_CMD_FLOW_GET,
	MEDIASEC_CMD_EVENT,	/* notifications only */
	MEDIASEC_CMD_STATS_RESET,
	MEDIASEC_CMD_DEV_SET,
	MEDIASEC_CMD_DEV_DEL,
	MEDIASEC_CMD_DEV_GET,
	MEDIASEC_CMD_RELAY_NEW,
	MEDIASEC_CMD_RELAY_DEL,
	MEDIASEC_CMD_RELAY_GET,
	MEDIASEC_CMD_FLOW_SET,

	__MEDIASEC_CMD_MAX
};

#define MEDIASEC_CMD_MAX (__MEDIASEC_CMD_MAX - 1)

enum mediasec_dir {
	MEDIASEC_DIR_UNSPEC,
	MEDIASEC_DIR_RX,	/* unprotect: SRTP in */
	MEDIASEC_DIR_TX,	/* protect: SRTP out */

	__MEDIASEC_DIR_MAX
};

#define MEDIASEC_DIR_MAX (__MEDIASEC_DIR_MAX - 1)

enum mediasec_suite {
	MEDIASEC_SUITE_UNSPEC,
	MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_80,	/* RFC 4568 */
	MEDIASEC_SUITE_AES_CM_128_HMAC_SHA1_32,	/* RFC 4568 */
	MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_80,	/* RFC 6188 */
	MEDIASEC_SUITE_AES_256_CM_HMAC_SHA1_32,	/* RFC 6188 */
	MEDIASEC_SUITE_AEAD_AES_128_GCM,	/* RFC 7714 */
	MEDIASEC_SUITE_AEAD_AES_256_GCM,	/* RFC 7714 */
	MEDIASEC_SUITE_NULL_HMAC_SHA1_80,	/* RFC 3711 NULL cipher */
	MEDIASEC_SUITE_NULL_HMAC_SHA1_32,

	__MEDIASEC_SUITE_MAX
};

#define MEDIASEC_SUITE_MAX (__MEDIASEC_SUITE_MAX - 1)

/* SDES session parameters (RFC 4568 section 6.3). */
#define MEDIASEC_CTX_F_UNENCRYPTED_SRTP		(1U << 0)
#define MEDIASEC_CTX_F_UNENCRYPTED_SRTCP	(1U << 1)
#define MEDIASEC_CTX_F_UNAUTHENTICATED_SRTP	(1U << 2)
#define MEDIASEC_CTX_F_ALL			((1U << 3) - 1)

/* What became of a packet; counted per context. */
enum mediasec_result {
	MEDIASEC_RESULT_OK,
	MEDIASEC_RESULT_AUTH_FAIL,
	MEDIASEC_RESULT_REPLAY,
	MEDIASEC_RESULT_TOO_OLD,
	MEDIASEC_RESULT_MALFORMED,
	MEDIASEC_RESULT_KEY_EXPIRED,
	MEDIASEC_RESULT_UNKNOWN_MKI,
	MEDIASEC_RESULT_NO_ROOM,
	MEDIASEC_RESULT_CRYPTO_ERROR,
	MEDIASEC_RESULT_NO_STREAM,	/* a new SSRC; the stream table is full */

	__MEDIASEC_RESULT_MAX
};

enum mediasec_attr {
	MEDIASEC_A_UNSPEC,
	MEDIASEC_A_INFO_VERSION,
	MEDIASEC_A_INFO_API_VERSION,
	MEDIASEC_A_CTX,
	MEDIASEC_A_FLOW,
	MEDIASEC_A_INFO_CTXS,
	MEDIASEC_A_INFO_FLOWS,
	MEDIASEC_A_INFO_LIVE_CTXS,
	MEDIASEC_A_INFO_LIVE_FLOWS,
	MEDIASEC_A_EVENT,
	MEDIASEC_A_DEV,
	MEDIASEC_A_INFO_DEVS,
	MEDIASEC_A_INFO_PAD,
	MEDIASEC_A_INFO_MEM_CHARGED,
	MEDIASEC_A_RELAY,
	MEDIASEC_A_INFO_RELAYS,
	MEDIASEC_A_INFO_LIVE_RELAYS,

	__MEDIASEC_A_MAX
};

#define MEDIASEC_A_MAX (__MEDIASEC_A_MAX - 1)

enum mediasec_ctx_attr {
	MEDIASEC_A_CTX_UNSPEC,
	MEDIASEC_A_CTX_PAD,
	MEDIASEC_A_CTX_ID,
	MEDIASEC_A_CTX_DIR,
	MEDIASEC_A_CTX_SUITE,
	MEDIASEC_A_CTX_FLAGS,
	MEDIASEC_A_CTX_KDR,
	MEDIASEC_A_CTX_WINDOW,
	MEDIASEC_A_CTX_MKI_LEN,
	MEDIASEC_A_CTX_KEY,
	MEDIASEC_A_CTX_KEYS,
	MEDIASEC_A_CTX_STATS,
	MEDIASEC_A_CTX_CIPHER_DRIVER,
	MEDIASEC_A_CTX_AUTH_DRIVER,
	MEDIASEC_A_CTX_MAX_STREAMS,

	__MEDIASEC_A_CTX_MAX
};

#define MEDIASEC_A_CTX_MAX (__MEDIASEC_A_CTX_MAX - 1)

/* MEDIASEC_A_KEY is MEDIASEC_A_CTX_KEY inside MEDIASEC_A_CTX. */
#define MEDIASEC_A_KEY MEDIASEC_A_CTX_KEY

enum mediasec_key_attr {
	MEDIASEC_A_KEY_UNSPEC,
	MEDIASEC_A_KEY_PAD,
	MEDIASEC_A_KEY_MKI,
	MEDIASEC_A_KEY_MASTER,
	MEDIASEC_A_KEY_SALT,
	MEDIASEC_A_KEY_LIFETIME,
	MEDIASEC_A_KEY_SOFT_LIFETIME,
	MEDIASEC_A_KEY_PACKETS,
	MEDIASEC_A_KEY_TX,

	__MEDIASEC_A_KEY_MAX
};

#define MEDIASEC_A_KEY_MAX (__MEDIASEC_A_KEY_MAX - 1)

enum mediasec_stats_attr {
	MEDIASEC_A_STATS_UNSPEC,
	MEDIASEC_A_STATS_PAD,
	MEDIASEC_A_STATS_OK,
	MEDIASEC_A_STATS_AUTH_FAIL,
	MEDIASEC_A_STATS_REPLAY,
	MEDIASEC_A_STATS_TOO_OLD,
	MEDIASEC_A_STATS_MALFORMED,
	MEDIASEC_A_STATS_KEY_EXPIRED,
	MEDIASEC_A_STATS_UNKNOWN_MKI,
	MEDIASEC_A_STATS_NO_ROOM,
	MEDIASEC_A_STATS_CRYPTO_ERROR,
	MEDIASEC_A_STATS_NO_STREAM,

	__MEDIASEC_A_STATS_MAX
};

#define MEDIASEC_A_STATS_MAX (__MEDIASEC_A_STATS_MAX - 1)

enum mediasec_action {
	MEDIASEC_ACTION_UNSPEC,
	MEDIASEC_ACTION_FORWARD,	/* e2e: rewrite only, no keys */
	MEDIASEC_ACTION_SRTP_TO_RTP,	/* e2ae: unprotect towards the core */
	MEDIASEC_ACTION_RTP_TO_SRTP,	/* e2ae: protect towards the UE */
	MEDIASEC_ACTION_SRTP_TO_SRTP,	/* unprotect with RX, protect with TX */

	__MEDIASEC_ACTION_MAX
};

#define MEDIASEC_ACTION_MAX (__MEDIASEC_ACTION_MAX - 1)

enum mediasec_kind {
	MEDIASEC_KIND_UNSPEC,
	MEDIASEC_KIND_RTP,	/* the port carries RTP */
	MEDIASEC_KIND_RTCP,	/* the port carries RTCP (RTP port + 1) */
	MEDIASEC_KIND_MUX,	/* RTP and RTCP on one port (RFC 5761) */

	__MEDIASEC_KIND_MAX
};

#define MEDIASEC_KIND_MAX (__MEDIASEC_KIND_MAX - 1)

/* Learn the remote address and port from the packets (symmetric RTP). */
#define MEDIASEC_FLOW_F_LATCH	(1U << 0)
#define MEDIASEC_FLOW_F_ALL	((1U << 1) - 1)

enum mediasec_flow_attr {
	MEDIASEC_A_FLOW_UNSPEC,
	MEDIASEC_A_FLOW_PAD,
	MEDIASEC_A_FLOW_ID,
	MEDIASEC_A_FLOW_ACTION,
	MEDIASEC_A_FLOW_KIND,
	MEDIASEC_A_FLOW_LOCAL_ADDR,
	MEDIASEC_A_FLOW_LOCAL_PORT,
	MEDIASEC_A_FLOW_REMOTE_ADDR,
	MEDIASEC_A_FLOW_REMOTE_PORT,
	MEDIASEC_A_FLOW_RX_CTX,
	MEDIASEC_A_FLOW_TX_CTX,
	MEDIASEC_A_FLOW_OUT_SADDR,
	MEDIASEC_A_FLOW_OUT_SPORT,
	MEDIASEC_A_FLOW_OUT_DADDR,
	MEDIASEC_A_FLOW_OUT_DPORT,
	MEDIASEC_A_FLOW_OUT_IFINDEX,
	MEDIASEC_A_FLOW_FLAGS,
	MEDIASEC_A_FLOW_STATS,
	MEDIASEC_A_FLOW_REVERSE,
	MEDIASEC_A_FLOW_IDLE_TIMEOUT,
	MEDIASEC_A_FLOW_GATE,
	MEDIASEC_A_FLOW_POLICE,
	MEDIASEC_A_FLOW_DSCP,
	MEDIASEC_A_FLOW_CLOCK_RATE,
	MEDIASEC_A_FLOW_RTP,
	MEDIASEC_A_FLOW_IDLE,
	MEDIASEC_A_FLOW_RTT,
	MEDIASEC_A_FLOW_RTT_STATS,

	__MEDIASEC_A_FLOW_MAX
};

#define MEDIASEC_A_FLOW_MAX (__MEDIASEC_A_FLOW_MAX - 1)

enum mediasec_flow_stats_attr {
	MEDIASEC_A_FLOW_STATS_UNSPEC,
	MEDIASEC_A_FLOW_STATS_PAD,
	MEDIASEC_A_FLOW_STATS_PACKETS,
	MEDIASEC_A_FLOW_STATS_BYTES,
	MEDIASEC_A_FLOW_STATS_DROPS,
	MEDIASEC_A_FLOW_STATS_TX_BYTES,
	MEDIASEC_A_FLOW_STATS_GATE_DROPS,
	MEDIASEC_A_FLOW_STATS_POLICE_DROPS,

	__MEDIASEC_A_FLOW_STATS_MAX
};

#define MEDIASEC_A_FLOW_STATS_MAX (__MEDIASEC_A_FLOW_STATS_MAX - 1)

/* MEDIASEC_A_FLOW_DSCP: leave the DS field as it arrived. */
#define MEDIASEC_DSCP_COPY	64

enum mediasec_gate_attr {
	MEDIASEC_A_GATE_UNSPEC,
	MEDIASEC_A_GATE_ADDR,
	MEDIASEC_A_GATE_PREFIX_LEN,
	MEDIASEC_A_GATE_PORT_MIN,
	MEDIASEC_A_GATE_PORT_MAX,

	__MEDIASEC_A_GATE_MAX
};

#define MEDIASEC_A_GATE_MAX (__MEDIASEC_A_GATE_MAX - 1)

enum mediasec_police_attr {
	MEDIASEC_A_POLICE_UNSPEC,
	MEDIASEC_A_POLICE_PAD,
	MEDIASEC_A_POLICE_RATE,
	MEDIASEC_A_POLICE_BURST,
	MEDIASEC_A_POLICE_PEAK_RATE,
	MEDIASEC_A_POLICE_PEAK_BURST,

	__MEDIASEC_A_POLICE_MAX
};

#define MEDIASEC_A_POLICE_MAX (__MEDIASEC_A_POLICE_MAX - 1)

enum mediasec_rtp_attr {
	MEDIASEC_A_RTP_UNSPEC,
	MEDIASEC_A_RTP_PAD,
	MEDIASEC_A_RTP_SSRC,
	MEDIASEC_A_RTP_RECEIVED,
	MEDIASEC_A_RTP_EXPECTED,
	MEDIASEC_A_RTP_LOST,
	MEDIASEC_A_RTP_JITTER,

	__MEDIASEC_A_RTP_MAX
};

#define MEDIASEC_A_RTP_MAX (__MEDIASEC_A_RTP_MAX - 1)

enum mediasec_rtt_attr {
	MEDIASEC_A_RTT_UNSPEC,
	MEDIASEC_A_RTT_PAD,
	MEDIASEC_A_RTT_SAMPLES,
	MEDIASEC_A_RTT_SUM,
	MEDIASEC_A_RTT_LAST,
	MEDIASEC_A_RTT_MIN,
	MEDIASEC_A_RTT_MAX,

	__MEDIASEC_A_RTT_MAX
};

#define MEDIASEC_A_RTT_MAX (__MEDIASEC_A_RTT_MAX - 1)

enum mediasec_event {
	MEDIASEC_EVENT_UNSPEC,
	MEDIASEC_EVENT_KEY_SOFT,	/* a key reached its soft lifetime */
	MEDIASEC_EVENT_KEY_HARD,	/* a key reached its lifetime */
	MEDIASEC_EVENT_AUTH_FAIL,	/* packets failed authentication */
	MEDIASEC_EVENT_REPLAY,		/* replayed or too old packets */
	MEDIASEC_EVENT_FLOW_LATCH,	/* a flow learned a new remote */
	MEDIASEC_EVENT_FLOW_IDLE,	/* a flow forwarded nothing for a while */
	MEDIASEC_EVENT_DEV_GONE,	/* a data-path device went away */
	MEDIASEC_EVENT_RELAY_END,	/* a relay ended (enum mediasec_relay_end) */

	__MEDIASEC_EVENT_MAX
};

enum mediasec_event_attr {
	MEDIASEC_A_EVENT_UNSPEC,
	MEDIASEC_A_EVENT_PAD,
	MEDIASEC_A_EVENT_TYPE,
	MEDIASEC_A_EVENT_CTX_ID,
	MEDIASEC_A_EVENT_MKI,
	MEDIASEC_A_EVENT_COUNT,
	MEDIASEC_A_EVENT_FLOW_ID,
	MEDIASEC_A_EVENT_ADDR,
	MEDIASEC_A_EVENT_PORT,
	MEDIASEC_A_EVENT_IFINDEX,
	MEDIASEC_A_EVENT_RELAY_ID,
	MEDIASEC_A_EVENT_REASON,
	MEDIASEC_A_EVENT_LEG,

	__MEDIASEC_A_EVENT_MAX
};

#define MEDIASEC_A_EVENT_MAX (__MEDIASEC_A_EVENT_MAX - 1)

/* How the data path is attached to a device (MEDIASEC_A_DEV_FLAGS). */
#define MEDIASEC_DEV_F_XDP		(1U << 0)	/* XDP, driver mode */
#define MEDIASEC_DEV_F_XDP_GENERIC	(1U << 1)	/* XDP, generic mode */
#define MEDIASEC_DEV_F_TC		(1U << 2)	/* TC, clsact ingress */
#define MEDIASEC_DEV_F_ALL		((1U << 3) - 1)

enum mediasec_dev_attr {
	MEDIASEC_A_DEV_UNSPEC,
	MEDIASEC_A_DEV_IFINDEX,
	MEDIASEC_A_DEV_FLAGS,
	MEDIASEC_A_DEV_NAME,

	__MEDIASEC_A_DEV_MAX
};

#define MEDIASEC_A_DEV_MAX (__MEDIASEC_A_DEV_MAX - 1)

enum mediasec_relay_attr {
	MEDIASEC_A_RELAY_UNSPEC,
	MEDIASEC_A_RELAY_ID,
	MEDIASEC_A_RELAY_FD_A,
	MEDIASEC_A_RELAY_FD_B,
	MEDIASEC_A_RELAY_END,
	MEDIASEC_A_RELAY_END_LEG,
	MEDIASEC_A_RELAY_LEG_A,
	MEDIASEC_A_RELAY_LEG_B,

	__MEDIASEC_A_RELAY_MAX
};

#define MEDIASEC_A_RELAY_MAX (__MEDIASEC_A_RELAY_MAX - 1)

enum mediasec_leg_attr {
	MEDIASEC_A_LEG_UNSPEC,
	MEDIASEC_A_LEG_PAD,
	MEDIASEC_A_LEG_KIND,
	MEDIASEC_A_LEG_TLS_VERSION,
	MEDIASEC_A_LEG_TLS_CIPHER,
	MEDIASEC_A_LEG_FAMILY,
	MEDIASEC_A_LEG_LOCAL_ADDR,
	MEDIASEC_A_LEG_LOCAL_PORT,
	MEDIASEC_A_LEG_PEER_ADDR,
	MEDIASEC_A_LEG_PEER_PORT,
	MEDIASEC_A_LEG_RX_BYTES,
	MEDIASEC_A_LEG_RX_RECORDS,
	MEDIASEC_A_LEG_TX_BYTES,
	MEDIASEC_A_LEG_TX_RECORDS,
	MEDIASEC_A_LEG_TICKETS_DROPPED,
	MEDIASEC_A_LEG_AUTH_FAILS,
	MEDIASEC_A_LEG_ALERT,
	MEDIASEC_A_LEG_FLAGS,

	__MEDIASEC_A_LEG_MAX
};

#define MEDIASEC_A_LEG_MAX (__MEDIASEC_A_LEG_MAX - 1)

enum mediasec_leg_kind {
	MEDIASEC_LEG_TCP = 1,		/* plain TCP */
	MEDIASEC_LEG_TLS,		/* kTLS on TCP */
};

/* The state of a leg (MEDIASEC_A_LEG_FLAGS). */
#define MEDIASEC_LEG_F_RX_CLOSED	(1U << 0)	/* its peer closed: EOF read */
#define MEDIASEC_LEG_F_TX_CLOSED	(1U << 1)	/* shut down for writing */
#define MEDIASEC_LEG_F_RX_STALLED	(1U << 2)	/* not read: the other leg is full */
#define MEDIASEC_LEG_F_TRUNCATED	(1U << 3)	/* TLS: a FIN without close_notify */

enum mediasec_relay_end {
	MEDIASEC_RELAY_END_NONE,		/* running */
	MEDIASEC_RELAY_END_CLOSED,		/* both directions closed */
	MEDIASEC_RELAY_END_RESET,		/* a leg was reset */
	MEDIASEC_RELAY_END_AUTH_FAIL,		/* a record failed authentication */
	MEDIASEC_RELAY_END_ALERT,		/* a TLS alert other than close_notify */
	MEDIASEC_RELAY_END_KEY_UPDATE,		/* TLS 1.3 KeyUpdate */
	MEDIASEC_RELAY_END_RENEGOTIATION,	/* a handshake message after the handshake */
	MEDIASEC_RELAY_END_PROTOCOL,		/* a record of a type TLS does not allow here */
	MEDIASEC_RELAY_END_ERROR,		/* another socket error (a timeout, ...) */

	__MEDIASEC_RELAY_END_MAX
};

#define MEDIASEC_RELAY_END_MAX (__MEDIASEC_RELAY_END_MAX - 1)

#endif /* _UAPI_LINUX_MEDIASEC_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * H.248 text messages for the tests and the fuzzer's seeds: the call flow
 * of RFC 3525 Appendix A.1 (residential gateway to residential gateway),
 * with its comments and layout, as MEGACO/3, in long and in short form.
 */
#ifndef MEDIASEC_H248_SAMPLES_H
#define MEDIASEC_H248_SAMPLES_H

/* MG1 to MGC: ServiceChange restart (A.1.1) */
static const char h248_sc_restart[] =
	"MEGACO/3 [124.124.124.222]:55555\n"
	"Transaction = 9998 {\n"
	"    Context = - {\n"
	"        ServiceChange = ROOT {Services {\n"
	"            Method=Restart,\n"
	"            ServiceChangeAddress=55555, Profile=ResGW/1,\n"
	"            Reason=\"901 Cold Boot\", Version=3}\n"
	"        }\n"
	"    }\n"
	"}\n";

static const char h248_sc_restart_short[] =
	"!/3 [124.124.124.222]:55555\n"
	"T=9998{C=-{SC=ROOT{SV{MT=RS,AD=55555,PF=ResGW/1,"
	"RE=\"901 Cold Boot\",V=3}}}}";

/* MGC to MG1: its reply */
static const char h248_sc_reply[] =
	"MEGACO/3 [123.123.123.4]:55555\n"
	"Reply = 9998 {\n"
	"   Context = - {ServiceChange = ROOT {\n"
	"       Services {ServiceChangeAddress=55555, Profile=ResGW/1} } }\n"
	"}\n";

/* MGC to MG1: Modify with LocalControl and Events (note trailing comma) */
static const char h248_modify[] =
	"MEGACO/3 [123.123.123.4]:55555\n"
	"Transaction = 9999 {\n"
	"    Context = - {\n"
	"        Modify = A4444 {\n"
	"            Media { Stream = 1 {\n"
	"                    LocalControl {\n"
	"                        Mode = SendReceive,\n"
	"                        tdmc/gain=2,  ; in dB,\n"
	"                        tdmc/ec=on\n"
	"                    },\n"
	"                 }\n"
	"            },\n"
	"            Events = 2222 {al/of(strict=state)}\n"
	"        }\n"
	"    }\n"
	"}\n";

/* MG1 to MGC: off-hook */
static const char h248_notify[] =
	"MEGACO/3 [124.124.124.222]:55555\n"
	"Transaction = 10000 {\n"
	"   Context = - {\n"
	"       Notify = A4444 {ObservedEvents =2222 {\n"
	"        19990729T22000000:al/of}}\n"
	"   }\n"
	"}\n";

/* MGC to MG1: Add the physical and a CHOOSE ephemeral termination */
static const char h248_add_choose[] =
	"MEGACO/3 [123.123.123.4]:55555\n"
	"Transaction = 10003 {\n"
	"    Context = $ {\n"
	"       Add = A4444,\n"
	"       Add = $ {\n"
	"           Media {\n"
	"             Stream = 1 {\n"
	"                 LocalControl {\n"
	"                     Mode = ReceiveOnly,\n"
	"                     nt/jit=40 ; in ms\n"
	"                 },\n"
	"                 Local {\n"
	"v=0\n"
	"c=IN IP4 $\n"
	"m=audio $ RTP/AVP 4\n"
	"a=ptime:30\n"
	"v=0\n"
	"c=IN IP4 $\n"
	"m=audio $ RTP/AVP 0\n"
	"                 }\n"
	"             }\n"
	"          }\n"
	"       }\n"
	"    }\n"
	"}\n";

static const char h248_add_choose_short[] =
	"!/3 [123.123.123.4]:55555 T=10003{C=$ {A=A4444,A=${M{ST=1{"
	"O{MO=RC,nt/jit=40},L{\nv=0\nc=IN IP4 $\nm=audio $ RTP/AVP 4\n"
	"a=ptime:30\nv=0\nc=IN IP4 $\nm=audio $ RTP/AVP 0\n}}}}}}";

/* MG1 to MGC: the reply, with the Local SDP it chose */
static const char h248_add_reply[] =
	"MEGACO/3 [124.124.124.222]:55555\n"
	"Reply = 10003 {\n"
	"   Context = 2000 {\n"
	"      Add = A4444,\n"
	"      Add=A4445{\n"
	"         Media {\n"
	"            Stream = 1 {\n"
	"                Local {\n"
	"v=0\n"
	"o=- 2890844526 2890842807 IN IP4 124.124.124.222\n"
	"s=-\n"
	"t= 0 0\n"
	"c=IN IP4 124.124.124.222\n"
	"m=audio 2222 RTP/AVP 4\n"
	"a=ptime:30\n"
	"a=recvonly\n"
	"                } ; RTP profile for G.723.1 is 4\n"
	"             }\n"
	"          }\n"
	"       }\n"
	"   }\n"
	"}\n";

/* MGC to MG2: Modify with the far end's SDP, SRTP keyed (RFC 4568) */
static const char h248_modify_remote[] =
	"MEGACO/3 [123.123.123.4]:55555\n"
	"Transaction = 50003 {\n"
	"    Context = 5000 {\n"
	"       Modify = A5556 {\n"
	"          Media {\n"
	"             Stream = 1 {\n"
	"                LocalControl { Mode = SendReceive },\n"
	"                Remote {\n"
	"v=0\n"
	"c=IN IP4 124.124.124.222\n"
	"m=audio 2222 RTP/SAVP 4\n"
	"a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
	"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\n"
	"                }\n"
	"             }\n"
	"          }\n"
	"       }\n"
	"    }\n"
	"}\n";

/* MG2 to MGC: Subtract replies with the statistics (A.1.3) */
static const char h248_subtract_reply[] =
	"MEGACO/3 [125.125.125.111]:55555\n"
	"Reply = 50008 {\n"
	"   Context = 5000 {\n"
	"      Subtract = A5555 {\n"
	"          Statistics {\n"
	"              nt/os=45123, ; Octets Sent\n"
	"              nt/dur=40 ; in seconds\n"
	"          }\n"
	"      },\n"
	"      Subtract = A5556 {\n"
	"          Statistics {\n"
	"              rtp/ps=1245, ; packets sent\n"
	"              nt/os=62345, ; octets sent\n"
	"              rtp/pr=780, ; packets received\n"
	"              nt/or=45123, ; octets received\n"
	"              rtp/pl=10, ; % packets lost\n"
	"              rtp/jit=27,\n"
	"              rtp/delay=48 ; average latency\n"
	"          }\n"
	"      }\n"
	"   }\n"
	"}\n";

static const char h248_subtract_reply_short[] =
	"!/3 [125.125.125.111]:55555\n"
	"P=50008{C=5000{S=A5555{SA{nt/os=45123,nt/dur=40}},"
	"S=A5556{SA{rtp/ps=1245,nt/os=62345,rtp/pr=780,nt/or=45123,"
	"rtp/pl=10,rtp/jit=27,rtp/delay=48}}}}";

/* Other transaction kinds */
static const char h248_misc[] =
	"MEGACO/3 <mg1.example.net>:2944\n"
	"Pending = 17 { }\n"
	"TransactionResponseAck { 9, 11-14 }\n"
	"Reply = 18 { ImmAckRequired, Error = 430 { \"Unknown TerminationID\" } }\n"
	"Transaction = 19 { Context = * { AuditValue = A* { Audit { Media, "
	"Statistics } } } }\n"
	"Transaction = 20 { Context = 7 { O-W-Subtract = A1, "
	"Move = A2 { Signals { cg/rt, al/ri { SignalType = brief } } } } }\n";

static const char h248_msg_error[] =
	"MEGACO/3 [2001:db8::1]:2944 Error = 406 { \"Version Not Supported\" }";

#endif /* MEDIASEC_H248_SAMPLES_H */

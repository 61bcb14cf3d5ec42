#!/usr/bin/env escript
%% SPDX-License-Identifier: GPL-2.0
%%! +S 1 +A 1 +sbwt none +sbwtdcpu none +sbwtdio none
%%
%% An MGC on Erlang/OTP's megaco application (its UDP transport, or an SCTP
%% one of this script's on gen_sctp; its transaction layer, its pretty text
%% encoder) that drives mediasecd for selftests/mgd_megaco.sh and
%% mgd_megaco_sctp.sh.  It listens on 127.0.0.1:PORT (UDP, or SCTP with
%% "sctp" after the port) and takes one
%% command per line on standard input (keys travel there, never on argv),
%% answering each with one line:
%%
%%   register                  wait for mediasecd's ServiceChange, answer
%%                             it -> "registered METHOD REASON-CODE"
%%                             (not the out-of-service ones: "left")
%%   left                      wait for mediasecd's Graceful or Forced
%%                             ServiceChange (answered as it came) ->
%%                             "left METHOD REASON-CODE"
%%   add REALM UEADDR UEPORT SUITE KEY MKI REALM COREADDR COREPORT
%%                             one transaction, context CHOOSE: Add of a
%%                             termination in the first realm (RTP/SAVP,
%%                             a=crypto SUITE with the UE's base64 KEY
%%                             under MKI, 1 byte, or none for "-") and of
%%                             one in the second (RTP/AVP); IPv6 for an
%%                             address with ":"
%%                             -> "added CTX ATID APORT GWKEYHEX CTID CPORT"
%%   msrp REALM UEADDR UEPORT FP REALM COREADDR COREPORT
%%                             one transaction, context CHOOSE: Add of an
%%                             MSRP termination in the first realm (the
%%                             UE's TCP/TLS/MSRP, a=setup:active, its
%%                             certificate's a=fingerprint:sha-256 FP) and
%%                             of one in the second (the core's TCP/MSRP,
%%                             a=setup:passive) with Signals mstls/est
%%                             -> "msrp-added CTX ATID APORT GWFP CTID"
%%   modify CTX TID UEADDR UEPORT SUITE KEY MKI
%%                             a new Remote with a new a=crypto (re-key)
%%                             -> "modified PORT GWKEYHEX"
%%   audit CTX TID             AuditValue of Media and Statistics
%%                             -> "audited TID PORT GWKEYHEX|- NAME=VALUE ..."
%%   subtract CTX              Subtract = * -> "subtracted NAME=VALUE ..."
%%   keepalive                 Context=-{AuditValue=ROOT{Audit{}}}, the
%%                             IMS-ALG's link check -> "alive ROOT"
%%   heartbeats                the hangterm/thb Notify received so far, per
%%                             termination -> "heartbeats TID=N ..."
%%   quit                      -> "bye"
%%
%% Every Add asks for the termination heartbeat, hangterm/thb with timerx
%% ?THB_S seconds (H.248.36), as a TS 23.334 IMS-ALG does; each Notify is
%% answered and counted.  A failure prints "error WHAT" and the script goes
%% on reading.
-mode(compile).
-define(THB_S, "2").
-include_lib("megaco/include/megaco.hrl").
-include_lib("megaco/include/megaco_message_v3.hrl").
-include_lib("kernel/include/inet_sctp.hrl").
%% SCTP's payload protocol id for H.248 (IANA): 7.  gen_sctp gives and
%% takes it in host order (the first run of mgd_megaco_sctp.sh, with it
%% swapped by hand, put 117440512 on the wire: tshark told).
-define(H248_PPID, 7).

-export([handle_connect/2, handle_disconnect/3, handle_syntax_error/3,
         handle_message_error/3, handle_trans_request/3,
         handle_trans_long_request/3, handle_trans_reply/4,
         handle_trans_ack/4, handle_unexpected_trans/3,
         handle_trans_request_abort/4, handle_segment_reply/5,
         send_message/2]).

main([Port]) ->
    main([Port, "udp"]);
main([Port, Transport]) when Transport =:= "udp"; Transport =:= "sctp" ->
    register(mgc_main, self()),
    Mid = {ip4Address, #'IP4Address'{address = [127, 0, 0, 1],
                                     portNumber = list_to_integer(Port)}},
    ok = megaco:start(),
    ok = megaco:start_user(Mid, [{user_mod, ?MODULE}, {user_args, []},
                                 {protocol_version, 3},
                                 {request_timer,
                                  #megaco_incr_timer{wait_for = 500,
                                                     factor = 2,
                                                     max_retries = 3}},
                                 {long_request_timer, 15000}]),
    RH0 = megaco:user_info(Mid, receive_handle),
    RH1 = RH0#megaco_receive_handle{encoding_mod = megaco_pretty_text_encoder,
                                    encoding_config = []},
    transport(Transport, list_to_integer(Port), RH1),
    loop(undefined);
main(_) ->
    io:format("usage: mgc.escript PORT [udp|sctp]~n"),
    halt(2).

%% megaco's own UDP transport (H.248.1 Annex D.1).
transport("udp", Port, RH0) ->
    RH = RH0#megaco_receive_handle{send_mod = megaco_udp},
    {ok, TP} = megaco_udp:start_transport(),
    {ok, _SendHandle, _Ctrl} =
        megaco_udp:open(TP, [{port, Port}, {receive_handle, RH}]);
%% H.248.4 over SCTP: megaco has no SCTP transport, so this script is one
%% (megaco_transport behaviour: send_message/2 below) on gen_sctp.  The
%% gateway starts the association; each message is one SCTP message with
%% payload protocol id 7, stream 0.
transport("sctp", Port, RH0) ->
    RH = RH0#megaco_receive_handle{send_mod = ?MODULE},
    Main = self(),
    spawn_link(fun() -> sctp_listen(Port, RH, Main) end),
    receive {sctp_listening, Main} -> ok after 5000 -> halt(3) end.

sctp_listen(Port, RH, Main) ->
    {ok, S} = gen_sctp:open(Port, [{ip, {127, 0, 0, 1}}, binary,
                                   {active, true}, {recbuf, 262144}]),
    ok = gen_sctp:listen(S, true),
    Main ! {sctp_listening, Main},
    sctp_loop(S, RH).

sctp_loop(S, RH) ->
    receive
        {sctp, S, _Ip, _Port,
         {[#sctp_sndrcvinfo{assoc_id = A, ppid = P}], Data}}
          when is_binary(Data) ->
            case P =:= ?H248_PPID of
                true -> ok;
                false -> io:format(standard_error, "ppid ~w~n", [P])
            end,
            megaco:receive_message(RH, self(), {S, A}, Data);
        {sctp, S, _Ip, _Port, {_, #sctp_assoc_change{state = St}}} ->
            io:format(standard_error, "sctp association ~w~n", [St]);
        {sctp, S, _Ip, _Port, _Other} ->
            ok
    end,
    sctp_loop(S, RH).

send_message({S, A}, Msg) ->
    gen_sctp:send(S, #sctp_sndrcvinfo{assoc_id = A, ppid = ?H248_PPID,
                                      stream = 0},
                  iolist_to_binary(Msg)).

out(Fmt, Args) ->
    io:format(Fmt ++ "~n", Args).

loop(CH) ->
    case io:get_line("") of
        eof -> halt(0);
        Line ->
            case string:tokens(string:trim(Line), " ") of
                ["quit"] -> out("bye", []), halt(0);
                Words -> loop(cmd(Words, CH))
            end
    end.

cmd(["register"], _) ->
    receive
        {registered, CH, Method, Reason} when Method =/= graceful,
                                              Method =/= forced ->
            out("registered ~p ~s", [Method, Reason]), CH
    after 20000 -> out("error no ServiceChange", []), undefined
    end;
cmd(["left"], CH) ->
    receive
        {registered, _, Method, Reason} when Method =:= graceful;
                                             Method =:= forced ->
            out("left ~p ~s", [Method, Reason])
    after 20000 -> out("error no ServiceChange", [])
    end,
    CH;
cmd(["add", RealmA, UeAddr, UePort, Suite, Key, Mki, RealmC, CoreAddr,
     CorePort], CH) ->
    Access = add(access_remote(UeAddr, UePort, Suite, Key, Mki), RealmA),
    Core = add(sdp([{"v", "0"}, {"c", conn(CoreAddr)},
                    {"m", "audio " ++ CorePort ++ " RTP/AVP 0"}]), RealmC),
    case call(CH, ?megaco_choose_context_id, [Access, Core]) of
        {ok, [#'ActionReply'{contextId = Ctx,
                             commandReply = [{addReply, A}, {addReply, C}]}]}
        ->
            {ATid, APort, GwKey} = local(A),
            {CTid, CPort, _} = local(C),
            out("added ~w ~s ~s ~s ~s ~s", [Ctx, ATid, APort, GwKey, CTid,
                                            CPort]);
        Other -> out("error ~0p", [Other])
    end,
    CH;
cmd(["msrp", RealmA, UeAddr, UePort, Fp, RealmC, CoreAddr, CorePort],
    CH) ->
    Access = add(sdp([{"v", "0"}, {"c", conn(UeAddr)},
                      {"m", "message " ++ UePort ++ " TCP/TLS/MSRP *"},
                      {"a", "setup:active"},
                      {"a", "fingerprint:sha-256 " ++ Fp}]), RealmA),
    Core = establish(add(sdp([{"v", "0"}, {"c", conn(CoreAddr)},
                              {"m", "message " ++ CorePort ++ " TCP/MSRP *"},
                              {"a", "setup:passive"}]), RealmC)),
    case call(CH, ?megaco_choose_context_id, [Access, Core]) of
        {ok, [#'ActionReply'{contextId = Ctx,
                             commandReply = [{addReply, A}, {addReply, C}]}]}
        ->
            {ATid, APort, _} = local(A),
            {CTid, _, _} = local(C),
            out("msrp-added ~w ~s ~s ~s ~s", [Ctx, ATid, APort,
                                              fingerprint(A), CTid]);
        Other -> out("error ~0p", [Other])
    end,
    CH;
cmd(["modify", Ctx, Tid, UeAddr, UePort, Suite, Key, Mki], CH) ->
    Mod = {modReq, #'AmmRequest'{
                      terminationID = tid(Tid),
                      descriptors =
                          [media(undefined,
                                 access_remote(UeAddr, UePort, Suite, Key,
                                               Mki))]}},
    case call(CH, list_to_integer(Ctx), [Mod]) of
        {ok, [#'ActionReply'{commandReply = [{modReply, R}]}]} ->
            {_, Port, GwKey} = local(R),
            out("modified ~s ~s", [Port, GwKey]);
        Other -> out("error ~0p", [Other])
    end,
    CH;
cmd(["audit", Ctx, Tid], CH) ->
    Aud = {auditValueRequest,
           #'AuditRequest'{terminationID = hd(tid(Tid)),
                           auditDescriptor =
                               #'AuditDescriptor'{auditToken =
                                                      [mediaToken, statsToken]}}},
    case call(CH, list_to_integer(Ctx), [Aud]) of
        {ok, [#'ActionReply'{commandReply =
                                 [{auditValueReply,
                                   {auditResult,
                                    #'AuditResult'{terminationID = T,
                                                   terminationAuditResult =
                                                       Au}}}]}]} ->
            {ATid, Port, GwKey} = local(#'AmmsReply'{terminationID = [T],
                                                     terminationAudit = Au}),
            out("audited ~s ~s ~s ~s", [ATid, Port, GwKey,
                                        string:join(stats(Au), " ")]);
        Other -> out("error ~0p", [Other])
    end,
    CH;
cmd(["subtract", Ctx], CH) ->
    Sub = {subtractReq, #'SubtractRequest'{
                           terminationID = [#megaco_term_id{id = ["*"]}]}},
    case call(CH, list_to_integer(Ctx), [Sub]) of
        {ok, [#'ActionReply'{commandReply = Replies}]} ->
            Stats = [S || {subtractReply,
                           #'AmmsReply'{terminationAudit = Au}} <- Replies,
                          S <- stats(Au)],
            out("subtracted ~s", [string:join(Stats, " ")]);
        Other -> out("error ~0p", [Other])
    end,
    CH;
cmd(["keepalive"], CH) ->
    Aud = {auditValueRequest,
           #'AuditRequest'{terminationID = ?megaco_root_termination_id,
                           auditDescriptor = #'AuditDescriptor'{}}},
    case call(CH, ?megaco_null_context_id, [Aud]) of
        {ok, [#'ActionReply'{commandReply =
                                 [{auditValueReply,
                                   {auditResult,
                                    #'AuditResult'{
                                       terminationID =
                                           #megaco_term_id{id = Id}}}}]}]} ->
            out("alive ~s", [string:to_upper(string:join(Id, "/"))]);
        Other -> out("error ~0p", [Other])
    end,
    CH;
cmd(["heartbeats"], CH) ->
    count_observed(),
    Counts = [T ++ "=" ++ integer_to_list(N) || {{thb, T}, N} <- get()],
    out("heartbeats ~s", [string:join(lists:sort(Counts), " ")]),
    CH;
cmd(Words, CH) ->
    out("error unknown command ~0p", [Words]),
    CH.

%% The events the gateway notified (handle_trans_request/3), counted.
count_observed() ->
    receive
        {observed, Tid, "hangterm/thb"} ->
            K = {thb, Tid},
            put(K, case get(K) of undefined -> 1; N -> N + 1 end),
            count_observed();
        {observed, _, _} ->
            count_observed()
    after 0 -> ok
    end.

call(undefined, _, _) ->
    {error, not_registered};
call(CH, Ctx, Cmds) ->
    AR = #'ActionRequest'{contextId = Ctx,
                          commandRequests = [#'CommandRequest'{command = C}
                                             || C <- Cmds]},
    case megaco:call(CH, [AR], []) of
        {_Version, [{ok, Replies}]} -> check(Replies);
        {_Version, {ok, Replies}} -> check(Replies);
        {_Version, Err} -> Err
    end.

%% An Error descriptor anywhere in the reply is a failure.
check(Replies) ->
    Errs = [E || #'ActionReply'{errorDescriptor = E} <- Replies,
                 E =/= asn1_NOVALUE],
    case Errs of
        [] -> {ok, Replies};
        _ -> {error, Errs}
    end.

tid(Name) -> [#megaco_term_id{id = [Name]}].

%% NAME=VALUE of the statistics of a termination's audit.
stats(Audit) ->
    [S#'StatisticsParameter'.statName ++ "=" ++ V ||
        {statisticsDescriptor, Ss} <- Audit,
        S <- Ss, V <- S#'StatisticsParameter'.statValue].

prop(N, V) -> #'PropertyParm'{name = N, value = [V]}.

sdp(Lines) -> #'LocalRemoteDescriptor'{propGrps = [[prop(N, V) ||
                                                      {N, V} <- Lines]]}.

conn(Addr) ->
    case lists:member($:, Addr) of
        true -> "IN IP6 " ++ Addr;
        false -> "IN IP4 " ++ Addr
    end.

access_remote(UeAddr, UePort, Suite, Key, Mki) ->
    MkiParam = case Mki of "-" -> ""; _ -> "|" ++ Mki ++ ":1" end,
    sdp([{"v", "0"}, {"c", conn(UeAddr)},
         {"m", "audio " ++ UePort ++ " RTP/SAVP 0"},
         {"a", "crypto:1 " ++ Suite ++ " inline:" ++ Key ++ MkiParam}]).

%% The access side latches (H.248.37 ipnapt/latch: the UE may be behind a
%% NAT), as a P-CSCF asks for it; the core side does not.
media(Realm, Remote) ->
    Latch = case Realm of
                "access" -> [prop("ipnapt/latch", "ON")];
                _ -> []
            end,
    LC = case Realm of
             undefined -> asn1_NOVALUE;
             _ -> #'LocalControlDescriptor'{
                     streamMode = sendRecv,
                     propertyParms = [prop("ipdc/realm", Realm) | Latch]}
         end,
    {mediaDescriptor,
     #'MediaDescriptor'{
        streams = {multiStream,
                   [#'StreamDescriptor'{
                       streamID = 1,
                       streamParms =
                           #'StreamParms'{localControlDescriptor = LC,
                                          remoteDescriptor = Remote}}]}}}.

add(Remote, Realm) ->
    {addReq, #'AmmRequest'{terminationID = tid("$"),
                           descriptors = [heartbeat(), media(Realm, Remote)]}}.

%% Signals { mstls/est }: the gateway connects (docs/mediasecd.md, "MSRP
%% terminations": mediasec's stand-in for H.248.89/.90's signals).
establish({addReq, R = #'AmmRequest'{descriptors = D}}) ->
    Est = #'Signal'{signalName = "mstls/est", sigParList = []},
    {addReq, R#'AmmRequest'{descriptors =
                                D ++ [{signalsDescriptor, [{signal, Est}]}]}}.

%% hangterm/thb{timerx=?THB_S} (H.248.36), in every Add.
heartbeat() ->
    {eventsDescriptor,
     #'EventsDescriptor'{
        requestID = 1,
        eventList = [#'RequestedEvent'{
                        pkgdName = "hangterm/thb",
                        evParList = [#'EventParameter'{
                                        eventParameterName = "timerx",
                                        value = [?THB_S]}]}]}}.

%% The termination id, port and key (hex, or "-") of an Add/Modify reply.
local(#'AmmsReply'{terminationID = [#megaco_term_id{id = Id}],
                   terminationAudit = Audit}) ->
    Props = [P || {mediaDescriptor, #'MediaDescriptor'{streams = S}}
                      <- Audit,
                  Streams <- [case S of
                                  {multiStream, L} -> L;
                                  {oneStream, O} -> [#'StreamDescriptor'{
                                                        streamID = 1,
                                                        streamParms = O}]
                              end],
                  #'StreamDescriptor'{streamParms = #'StreamParms'{
                                          localDescriptor =
                                              #'LocalRemoteDescriptor'{
                                                 propGrps = [G | _]}}}
                      <- Streams,
                  P <- G],
    [Port | _] = [hd(string:tokens(V, " ") -- ["audio", "message"]) ||
                     #'PropertyParm'{name = "m", value = [V]} <- Props],
    Keys = [K || #'PropertyParm'{name = "a", value = [V]} <- Props,
                 lists:prefix("crypto:", V),
                 K <- [key_hex(V)]],
    {string:join(Id, "/"), Port, case Keys of [K | _] -> K; [] -> "-" end}.

%% The a=fingerprint of the Local of an Add reply (the gateway's), or "-".
fingerprint(#'AmmsReply'{terminationAudit = Audit}) ->
    Fps = [string:trim(F) ||
              {mediaDescriptor, #'MediaDescriptor'{streams = S}} <- Audit,
              #'StreamDescriptor'{streamParms = #'StreamParms'{
                                     localDescriptor =
                                         #'LocalRemoteDescriptor'{
                                            propGrps = [G | _]}}}
                  <- case S of {multiStream, L} -> L; _ -> [] end,
              #'PropertyParm'{name = "a", value = [V]} <- G,
              lists:prefix("fingerprint:", V),
              F <- [lists:last(string:split(V, " "))]],
    case Fps of [F | _] -> F; [] -> "-" end.

key_hex(Crypto) ->
    [_, Inline] = string:split(Crypto, "inline:"),
    [B64 | _] = string:split(Inline, "|"),
    lists:flatten([io_lib:format("~2.16.0b", [X]) ||
                      <<X>> <= base64:decode(string:trim(B64))]).

%% megaco_user callbacks

handle_connect(_CH, _PV) ->
    ok.

handle_disconnect(_CH, _PV, _Reason) ->
    ok.

handle_syntax_error(_RH, _PV, _ED) ->
    reply.

handle_message_error(_CH, _PV, _ED) ->
    no_reply.

handle_trans_request(CH, _PV,
                     [#'ActionRequest'{
                         contextId = ?megaco_null_context_id,
                         commandRequests =
                             [#'CommandRequest'{
                                 command = {serviceChangeReq, Req}}]}]) ->
    #'ServiceChangeRequest'{terminationID = [Tid],
                            serviceChangeParms = Parms} = Req,
    [Reason | _] = Parms#'ServiceChangeParm'.serviceChangeReason,
    mgc_main ! {registered, CH, Parms#'ServiceChangeParm'.serviceChangeMethod,
                hd(string:tokens(Reason, " "))},
    {discard_ack,
     [#'ActionReply'{
         contextId = ?megaco_null_context_id,
         commandReply =
             [{serviceChangeReply,
               #'ServiceChangeReply'{
                  terminationID = [Tid],
                  serviceChangeResult =
                      {serviceChangeResParms,
                       #'ServiceChangeResParm'{serviceChangeVersion = 3}}}}]}]};
handle_trans_request(_CH, _PV,
                     [#'ActionRequest'{
                         contextId = Ctx,
                         commandRequests =
                             [#'CommandRequest'{
                                 command = {notifyReq,
                                            #'NotifyRequest'{
                                               terminationID = Tids,
                                               observedEventsDescriptor =
                                                   #'ObservedEventsDescriptor'{
                                                      observedEventLst =
                                                          Evs}}}}]}]) ->
    [mgc_main ! {observed, string:join(Id, "/"),
                 E#'ObservedEvent'.eventName}
     || #megaco_term_id{id = Id} <- Tids, E <- Evs],
    {discard_ack, [#'ActionReply'{contextId = Ctx,
                                  commandReply =
                                      [{notifyReply,
                                        #'NotifyReply'{terminationID =
                                                           Tids}}]}]};
handle_trans_request(_CH, _PV, _ARs) ->
    {discard_ack, #'ErrorDescriptor'{errorCode = ?megaco_not_implemented,
                                     errorText = "not an MGC command"}}.

handle_trans_long_request(_CH, _PV, _RD) ->
    {discard_ack, []}.

handle_trans_reply(_CH, _PV, _Reply, _RD) ->
    ok.

handle_trans_ack(_CH, _PV, _Status, _AD) ->
    ok.

handle_unexpected_trans(_CH, _PV, _Trans) ->
    ok.

handle_trans_request_abort(_CH, _PV, _TransNo, _Pid) ->
    ok.

handle_segment_reply(_CH, _PV, _TransNo, _SN, _SC) ->
    ok.

#!/usr/bin/env escript
%% SPDX-License-Identifier: GPL-2.0
%%
%% Interop of mediasec's H.248 text codec with Erlang/OTP megaco.
%%
%%   codec_interop.escript encode DIR       write megaco-encoded messages
%%                                          (pretty and compact) into DIR
%%   codec_interop.escript decode FILE...   decode each file (version 3)
%%                                          with megaco; print the records;
%%                                          exit 1 on the first failure
%%
%% Used by userspace/tests/h248_interop.c.
-mode(compile).
-include_lib("megaco/include/megaco.hrl").
-include_lib("megaco/include/megaco_message_v3.hrl").

-define(V, 3).

main(["encode", Dir]) ->
    lists:foreach(
      fun({Name, Msg}) ->
              lists:foreach(
                fun({Mod, Ext}) ->
                        case Mod:encode_message([], ?V, Msg) of
                            {ok, Bin} ->
                                File = filename:join(Dir, Name ++ Ext),
                                ok = file:write_file(File, Bin);
                            Err ->
                                io:format("encode ~s ~p: ~p~n",
                                          [Name, Mod, Err]),
                                halt(1)
                        end
                end, [{megaco_pretty_text_encoder, ".pretty"},
                      {megaco_compact_text_encoder, ".compact"}])
      end, messages()),
    halt(0);
main(["decode" | Files]) when Files =/= [] ->
    lists:foreach(fun decode/1, Files),
    halt(0);
main(_) ->
    io:format("usage: codec_interop.escript encode DIR | decode FILE...~n"),
    halt(2).

decode(File) ->
    {ok, Bin} = file:read_file(File),
    case megaco_pretty_text_encoder:decode_message([], ?V, Bin) of
        {ok, Msg} ->
            io:format("~s: ~100000p~n", [File, Msg]);
        Err ->
            io:format("~s: decode failed: ~p~n", [File, Err]),
            halt(1)
    end.

mid() -> {ip4Address, #'IP4Address'{address = [124, 124, 124, 222],
                                    portNumber = 55555}}.

tid(Id) -> [#megaco_term_id{id = [Id]}].

msg(Body) ->
    #'MegacoMessage'{mess = #'Message'{version = ?V, mId = mid(),
                                       messageBody = {transactions, Body}}}.

request(Id, Ctx, Cmds) ->
    {transactionRequest,
     #'TransactionRequest'{
        transactionId = Id,
        actions = [#'ActionRequest'{
                      contextId = Ctx,
                      commandRequests =
                          [#'CommandRequest'{command = C} || C <- Cmds]}]}}.

prop(N, V) -> #'PropertyParm'{name = N, value = [V]}.

sdp(Lines) -> #'LocalRemoteDescriptor'{propGrps = [[prop(N, V) ||
                                                      {N, V} <- Lines]]}.

messages() ->
    SC = #'ServiceChangeParm'{serviceChangeMethod = restart,
                              serviceChangeAddress = {portNumber, 55555},
                              serviceChangeProfile =
                                  #'ServiceChangeProfile'{profileName = "resgw",
                                                          version = 1},
                              serviceChangeReason = ["901 Cold Boot"],
                              serviceChangeVersion = 3},
    Remote = sdp([{"v", "0"}, {"c", "IN IP4 124.124.124.222"},
                  {"m", "audio 2222 RTP/SAVP 0"},
                  {"a", "crypto:1 AES_CM_128_HMAC_SHA1_80 "
                   "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32"}]),
    Local = sdp([{"v", "0"}, {"c", "IN IP4 $"}, {"m", "audio $ RTP/SAVP 0"}]),
    Stream = fun(Mode, L, R) ->
                     #'StreamDescriptor'{
                        streamID = 1,
                        streamParms =
                            #'StreamParms'{
                               localControlDescriptor =
                                   #'LocalControlDescriptor'{
                                      streamMode = Mode,
                                      propertyParms = [prop("nt/jit", "40")]},
                               localDescriptor = L,
                               remoteDescriptor = R}}
             end,
    Media = fun(S) -> {mediaDescriptor,
                       #'MediaDescriptor'{streams = {multiStream, [S]}}}
            end,
    [{"sc_restart",
      msg([request(9998, ?megaco_null_context_id,
                   [{serviceChangeReq,
                     #'ServiceChangeRequest'{terminationID = tid("root"),
                                             serviceChangeParms = SC}}])])},
     {"add_choose",
      msg([request(10003, ?megaco_choose_context_id,
                   [{addReq, #'AmmRequest'{terminationID = tid("a4444"),
                                           descriptors = []}},
                    {addReq, #'AmmRequest'{
                                terminationID = tid("$"),
                                descriptors =
                                    [Media(Stream(recvOnly, Local,
                                                  Remote))]}}])])},
     {"modify",
      msg([request(10005, 2000,
                   [{modReq, #'AmmRequest'{
                                terminationID = tid("a4445"),
                                descriptors =
                                    [Media(Stream(sendRecv, asn1_NOVALUE,
                                                  asn1_NOVALUE))]}}])])},
     {"subtract",
      msg([request(50007, 5000,
                   [{subtractReq,
                     #'SubtractRequest'{terminationID = tid("a5556")}}])])},
     {"reply_stats",
      msg([{transactionReply,
            #'TransactionReply'{
               transactionId = 50008,
               transactionResult =
                   {actionReplies,
                    [#'ActionReply'{
                        contextId = 5000,
                        commandReply =
                            [{subtractReply,
                              #'AmmsReply'{
                                 terminationID = tid("a5556"),
                                 terminationAudit =
                                     [{statisticsDescriptor,
                                       [#'StatisticsParameter'{
                                           statName = "nt/os",
                                           statValue = ["62345"]},
                                        #'StatisticsParameter'{
                                           statName = "rtp/pl",
                                           statValue = ["10"]}]}]}}]}]}}}])}].

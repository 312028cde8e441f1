/** PUT (replace my ballot) and GET (the board, my ballot) under /api/votes/:eventId. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  BallotSchema,
  BoardSchema,
  ObjectIdString,
  PutBallotSchema,
  boardAs,
  viewFor,
  type Board,
  type EventState,
} from '@prost/contracts'
import { bearerAuth, notFound, problemResponses } from '@prost/platform'
import { checkBallot, mayBeStale } from '../../../ballots/ballot-rules.js'
import { boardReader, canSeeBoard, isParticipant } from '../../../read-model/access.js'
import { buildBoard } from '../../../board/board.js'
import { tallyBallots } from '../../../board/board-tally.js'
import { boardEncodingFor, createBoardBytes } from '../../../board/board-bytes.js'
import type { BallotInput } from '../../../ballots/ballot-writes.js'
import type { BallotLock } from '../../../ballots/ballot-locks.js'

/** A PUT's Redis work started before its rate limit answered. */
interface HeadStart {
  lock: Promise<BallotLock | null>
  state: Promise<EventState | null>
}

export interface VotesRoutesOptions {
  /** Ballot writes per participant (BALLOT_RATE_LIMIT_*), on top of the per-client limit. */
  ballotRateLimit: { max: number; windowSeconds: number }
}

const Params = Type.Object({ eventId: ObjectIdString })
/** The id check of `Params`, for the GET's onRequest hook, which runs before validation. */
const OBJECT_ID = new RegExp(ObjectIdString.pattern!)

export const votesRoutes: FastifyPluginAsyncTypebox<VotesRoutesOptions> = async (fastify, options) => {
  const {
    eventReadModel: readModel,
    ballots,
    ballotWrites,
    boardTally: tally,
    boardCache,
    boardFeed: feed,
  } = fastify
  /** Per kept board, its bytes per privacy view and encoding (made once per board change). */
  const boardBytes = createBoardBytes()
  /** Board stamps asked for as read requests arrived (see the GET route's onRequest). */
  const stampsTaken = new WeakMap<object, Promise<string | null>>()
  /**
   * What a PUT started before its rate limit answered (see its preHandler): the ballot's lock and
   * the event's copy, until the handler claims them.
   */
  const headStarts = new WeakMap<object, HeadStart>()
  /**
   * A lock taken for a request whose handler never ran (rate limited, aborted) goes back at once;
   * one that could not be taken (503 after waiting for another holder) needs nothing.
   */
  const returnUnclaimed = (request: object) => {
    const start = headStarts.get(request)
    headStarts.delete(request)
    void start?.lock.then(
      (lock) => lock?.release(),
      () => undefined,
    )
  }

  fastify.put(
    '/:eventId',
    {
      schema: {
        tags: ['votes'],
        summary: 'Replace my whole ballot for an event (idempotent)',
        description:
          'One answer (yes, maybe, no) per time or place option; options left out are unanswered. ' +
          '409 after finalize, cancel or the voting deadline, or for an option the event does not have.',
        security: bearerAuth,
        params: Params,
        body: PutBallotSchema,
        response: { 200: BallotSchema, ...problemResponses(400, 401, 403, 404, 409, 429, 503) },
      },
      preValidation: [fastify.authenticate],
      // Before the rate limit's hook (route hooks run first), without waiting: the lock's SET, the
      // read model's stamp lookup and the rate limit's counter go to Redis in the same write (the
      // client pipelines the commands of one turn), instead of one round trip after another.
      preHandler: (request, _reply, done) => {
        const { eventId } = request.params
        const start = { lock: ballotWrites.lock(eventId, request.user.sub), state: readModel.get(eventId) }
        // Awaited by the handler; after a 429 or an abort the lock only goes back.
        start.lock.catch(() => undefined)
        start.state.catch(() => undefined)
        headStarts.set(request, start)
        done()
      },
      onResponse: (request, _reply, done) => {
        returnUnclaimed(request)
        done()
      },
      onRequestAbort: (request, done) => {
        returnUnclaimed(request)
        done()
      },
      config: {
        // Counted per participant, after authentication, so a forged token cannot spend someone's budget.
        rateLimit: {
          max: options.ballotRateLimit.max,
          timeWindow: options.ballotRateLimit.windowSeconds * 1000,
          hook: 'preHandler',
          keyGenerator: (request) => `ballot:${request.user?.sub ?? request.ip}`,
        },
      },
    },
    async (request) => {
      const claims = request.user
      const { eventId } = request.params
      const { choices, eventVersion } = request.body
      const start = headStarts.get(request)
      headStarts.delete(request)
      /** The event as this replica knows it, and whether this ballot may be written now. */
      async function checked(): Promise<BallotInput> {
        let state = await (start?.state ?? readModel.get(eventId))
        if (mayBeStale(state, claims, choices, eventVersion)) {
          state = await readModel.waitFor(eventId, (s) => !mayBeStale(s, claims, choices, eventVersion))
        }
        checkBallot(state, claims, choices)
        const name = state!.participants.find((p) => p.id === claims.sub)!.name
        const optionIds = [...state!.timeOptions, ...state!.placeOptions].map((o) => o.id)
        return { name, choices, optionIds }
      }
      // Resolves once the ballot is stored and marked for the tally: every replica's next board read
      // lays the marks over the stored tally, so a board read after the answer shows it (board-tally.ts).
      const ballot = await ballotWrites.put(eventId, claims.sub, checked(), start?.lock)
      feed.changed(eventId, 'ballot.changed')
      return ballot
    },
  )

  fastify.get(
    '/:eventId',
    {
      schema: {
        tags: ['votes'],
        summary: 'The vote board: counts and names per option, who has not voted, the best time and place',
        description:
          'Shaped by the event’s privacy settings for this reader (`view`): with hideResults a reader who ' +
          'has not voted gets no counts, names or best choice until they vote; with hideNames only the ' +
          'organizer gets names. The organizer always gets the full board.',
        params: Params,
        response: { 200: BoardSchema, ...problemResponses(400, 401, 404) },
      },
      // Before the rate limit's hook (route hooks run first), without waiting: the board's stamp and
      // the rate limit's counter go to Redis in the same write (the client pipelines commands of one
      // turn). Only for a well-formed id: a made-up one must not create a stamp.
      onRequest: (request, _reply, done) => {
        const { eventId } = request.params as { eventId?: string }
        if (eventId && OBJECT_ID.test(eventId)) stampsTaken.set(request, boardCache.stampNow(eventId))
        done()
      },
      preValidation: [fastify.optionalAuth],
    },
    async (request, reply) => {
      const { eventId } = request.params
      const claims = request.user ?? null
      // Kept boards may go out gzipped: a shared cache must key on the header.
      reply.header('vary', 'Accept-Encoding')
      const current = await boardCache.current(eventId, stampsTaken.get(request))
      if (current && canSeeBoard(current.state, claims)) {
        // A kept board is serialized (by this route's schema serializer), encoded and gzipped once per
        // view; the bytes go out as they are, for every reader.
        const view = viewFor(current.board, boardReader(current.state, claims))
        const encoding = boardEncodingFor(request.headers['accept-encoding'])
        const bytes = boardBytes.of(current.board, view, encoding, () =>
          String(reply.serialize(boardAs(current.board, view))),
        )
        if (encoding === 'gzip') reply.header('content-encoding', 'gzip')
        return reply.type('application/json; charset=utf-8').send(bytes as unknown as Board)
      }
      // Not known here yet, or not visible to this reader yet (e.g. just invited): wait for the copy.
      const state = await readModel.waitFor(eventId, (s) => s !== null && canSeeBoard(s, claims))
      if (!state || !canSeeBoard(state, claims)) throw notFound('No such event')
      const board = buildBoard(state, tallyBallots(await tally.read(eventId)))
      return boardAs(board, viewFor(board, boardReader(state, claims)))
    },
  )

  fastify.get(
    '/:eventId/ballot',
    {
      schema: {
        tags: ['votes'],
        summary: 'My ballot for an event',
        security: bearerAuth,
        params: Params,
        response: { 200: BallotSchema, ...problemResponses(400, 401, 404) },
      },
      preValidation: [fastify.authenticate],
    },
    async (request) => {
      const { eventId } = request.params
      const state = await readModel.get(eventId)
      if (!state || !isParticipant(state, request.user)) throw notFound('No such event')
      const ballot = await ballots.get(eventId, request.user.sub)
      if (!ballot) throw notFound('You have not voted yet')
      return ballot
    },
  )
}

import { describe, expect, it } from 'vitest'
import { DisplayNameSchema, EmailSchema } from '@prost/contracts'
import { AUTH_SCHEMAS, validateAuth } from './auth-form'
import { limitsAt } from './contract-errors'

const signUp = { displayName: 'Ada', email: 'ada@example.com', password: 'long enough pass' }

describe('the sign-up and log-in checks', () => {
  it('accept what the accounts contract accepts', async () => {
    expect(await validateAuth(signUp, 'signup')).toEqual({})
    expect(await validateAuth({ ...signUp, password: 'x', displayName: '' }, 'login')).toEqual({})
  })

  it('hold sign-up to the register body’s limits, in the form’s words', async () => {
    expect(
      await validateAuth(
        {
          displayName: 'x'.repeat(DisplayNameSchema.maxLength! + 1),
          email: `${'a'.repeat(EmailSchema.maxLength!)}@example.com`,
          password: 'short',
        },
        'signup',
      ),
    ).toEqual({ displayName: 'v.tooLong', email: 'v.tooLong', password: 'v.passwordShort' })
    expect(limitsAt(AUTH_SCHEMAS.signup, 'displayName')).toEqual({ max: DisplayNameSchema.maxLength, min: 1 })
  })

  it('read a blank name as missing and a control character as not allowed', async () => {
    expect(await validateAuth({ ...signUp, displayName: '   ' }, 'signup')).toEqual({
      displayName: 'v.required',
    })
    expect(await validateAuth({ ...signUp, displayName: 'Ada\tLovelace' }, 'signup')).toEqual({
      displayName: 'v.pattern',
    })
  })

  it('ask for an address that looks like one, and a password to log in with', async () => {
    expect(await validateAuth({ ...signUp, email: ' ada@example ', password: '' }, 'login')).toEqual({
      email: 'v.email',
      password: 'v.required',
    })
  })
})

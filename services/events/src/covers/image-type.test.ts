import { describe, expect, it } from 'vitest'
import { sniffImageType } from './image-type.js'

describe('sniffImageType', () => {
  it('recognises JPEG, PNG and WebP by their bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg')
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png')
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp')
  })

  it('refuses everything else, whatever it is called', () => {
    for (const body of [
      'GIF89a....',
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '%PDF-1.7',
      'RIFF\x00\x00\x00\x00WAVE',
      '',
    ]) {
      expect(sniffImageType(Buffer.from(body, 'latin1'))).toBeNull()
    }
  })
})

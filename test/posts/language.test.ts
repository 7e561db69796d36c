import { expect, test } from 'bun:test'
import { detectLanguage, searchConfigOf } from '../../src/posts/language.ts'

test('a language is told by its function words, or not at all', () => {
  expect(detectLanguage('The cat is sleeping on the sofa and it was happy')).toBe('en')
  expect(detectLanguage('Le chat est sur la table et il dort dans la cuisine')).toBe('fr')
  expect(detectLanguage('Der Hund ist nicht mit dem Ball gekommen')).toBe('de')
  expect(detectLanguage('El perro y los gatos están en la casa con nosotros')).toBe('es')
  // Too short, or no function words: unknown.
  expect(detectLanguage('hello')).toBeNull()
  expect(detectLanguage('#tag @someone https://example.com')).toBeNull()
})

test('languages map to PostgreSQL text-search configurations, simple for the rest', () => {
  expect(searchConfigOf('en')).toBe('english')
  expect(searchConfigOf('fr')).toBe('french')
  expect(searchConfigOf('ja')).toBe('simple')
  expect(searchConfigOf(null)).toBe('simple')
})

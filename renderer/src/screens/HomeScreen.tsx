/** The home screen: five large tiles, the hall's name and hotline, language and senior mode. */
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { Icon, type IconName } from '../components/Icons';
import { HOME_PROMPT, useVoicePrompt } from '../components/voice';
import { useServices } from '../app/services';

export type HomeTile = 'apply' | 'ticket' | 'progress' | 'guide' | 'appointment';
const TILES: { id: HomeTile; icon: IconName }[] = [
  { id: 'apply', icon: 'apply' },
  { id: 'ticket', icon: 'ticket' },
  { id: 'progress', icon: 'progress' },
  { id: 'guide', icon: 'guide' },
  { id: 'appointment', icon: 'appointment' },
];

export function HomeScreen({ onTile }: { onTile(tile: HomeTile): void }) {
  const { t, language } = useI18n();
  useVoicePrompt(HOME_PROMPT, useServices().voice, language);
  return (
    <main className="home" data-testid="home-screen">
      <h1 className="home__greeting">{t('home.greeting')}</h1>
      <div className="home__tiles">
        {TILES.map(({ id, icon }) => (
          <button key={id} type="button" className={`tile tile--${id}`} data-testid={`tile-${id}`} onClick={() => onTile(id)}>
            <span className="tile__icon">
              <Icon name={icon} size={72} />
            </span>
            <span className="tile__label">{t(`home.tile.${id}` as MessageKey)}</span>
            <span className="tile__hint">{t(`home.tile.${id}.hint` as MessageKey)}</span>
          </button>
        ))}
      </div>
    </main>
  );
}

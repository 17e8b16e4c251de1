/** Every keyboard shortcut, grouped (press ? anywhere). */
import { Group, Kbd, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { useAppInfo } from '../hooks/useAppInfo.ts';
import { shortcutsFor } from '../lib/navigation.ts';
import { MOD_KEY } from '../lib/platform.ts';

export function HelpOverlay({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { role } = useAppInfo();
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="xl">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {shortcutsFor(role).map((g) => (
          <Stack key={g.group} gap="xs">
            <Title order={5}>{g.group}</Title>
            <Table verticalSpacing={4} withRowBorders={false}>
              <Table.Tbody>
                {g.items.map((s) => (
                  <Table.Tr key={s.what}>
                    <Table.Td w={130}>
                      <Group gap={4} wrap="nowrap">
                        {s.keys.map((k, i) => (
                          <Fragment key={k + i}>
                            {i > 0 && (
                              <Text span size="xs" c="dimmed">
                                {s.keys[0] === 'g' ? 'then' : '+'}
                              </Text>
                            )}
                            <Kbd size="xs">{k === 'Mod' ? MOD_KEY : k}</Kbd>
                          </Fragment>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.what}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
